package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object value = Json.parse(
                " {\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\",\"i\":-12,\"z\":0,\"big\":9223372036854775808,"
                        + "\"d\":1.5e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{\"k\":[\"v\"]}}\n");
        assertThat(value).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(map.get("s")).isEqualTo("a\"b\\c/d\né😀");
        assertThat(map.get("i")).isEqualTo(-12L);
        assertThat(map.get("z")).isEqualTo(0L);
        assertThat(map.get("big")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(map.get("d")).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.get("f")).isEqualTo(false);
        assertThat(map.containsKey("n")).isTrue();
        assertThat(map.get("n")).isNull();
        assertThat(map.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
        assertThat(map.get("o")).isEqualTo(Map.of("k", List.of("v")));
        assertThat(map.keySet().stream().map(Object::toString).toList())
                .containsExactly("s", "i", "z", "big", "d", "t", "f", "n", "a", "o");
    }

    @Test
    void readsScalarsAtTheTopAndTheLongRange() {
        assertThat(Json.parse("\"x\"")).isEqualTo("x");
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("null")).isNull();
        assertThat(Json.parse("-0.0")).isEqualTo(new BigDecimal("-0.0"));
    }

    @Test
    void aRepeatedNameKeepsItsLastValue() {
        assertThat(Json.parse("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", 2L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "{\"a\"}",
                "{\"a\":1,}",
                "[1,]",
                "[1 2]",
                "{a:1}",
                "'a'",
                "01",
                "1.",
                ".5",
                "1e",
                "-",
                "+1",
                "tru",
                "nul",
                "\"unterminated",
                "\"bad \\x escape\"",
                "\"bad \\u12G4\"",
                "\"\\u12\"",
                "\"tab\there\"",
                "{} {}",
                "[] x",
                "// comment\n{}",
                "NaN"
            })
    void rejectsWhatIsNotExactlyOneDocument(String text) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOf(Json.JsonException.class)
                .hasMessageStartingWith("Invalid JSON at offset");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void limitsNesting() {
        char[] open = new char[100];
        char[] close = new char[100];
        Arrays.fill(open, '[');
        Arrays.fill(close, ']');
        assertThatThrownBy(() -> Json.parse(new String(open) + new String(close)))
                .isInstanceOf(Json.JsonException.class)
                .hasMessageContaining("nested deeper than 64");
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
    }

    @Test
    void quotesStringsSoThatTheyReadBack() {
        String tricky = "a\"b\\c\nd\re\tf\bg\fh\u0001i/é";
        assertThat(Json.quote(tricky)).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i/é\"");
        assertThat(Json.parse(Json.quote(tricky))).isEqualTo(tricky);
    }
}
