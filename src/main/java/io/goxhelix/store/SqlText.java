package io.goxhelix.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Literals for statements sent as text. A round's bulk writes (hundreds of rows per statement) cost
 * about twice as much as prepared statements, whose thousands of binary parameters dominate; as text
 * they go at the server's parsing speed. Only values of a closed alphabet are ever inlined: every
 * string is checked against the pattern of what it is (a name, a worker id, an enum constant) and
 * rejected otherwise, so none can hold a quote, a backslash or anything else the SQL lexer reads
 * specially, in any {@code sql_mode}. Numbers are written by {@link StringBuilder#append(long)}.
 */
final class SqlText {

    /** The API's names: domains and queues. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Worker ids, as the API stores them (canonical, lower case). */
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private SqlText() {}

    /** Appends {@code 'name'}, a domain or queue name. */
    static StringBuilder name(StringBuilder sql, String name) {
        return quoted(sql, check(NAME, "name", name));
    }

    /** Appends {@code 'id'}, a worker id. */
    static StringBuilder workerId(StringBuilder sql, String id) {
        return quoted(sql, check(UUID, "worker id", id));
    }

    /** Appends {@code 'id1', 'id2', ...}, worker ids. */
    static StringBuilder workerIds(StringBuilder sql, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            workerId(i == 0 ? sql : sql.append(", "), ids.get(i));
        }
        return sql;
    }

    /** Appends {@code NULL} or {@code 'id'}. */
    static StringBuilder workerIdOrNull(StringBuilder sql, String id) {
        return id == null ? sql.append("NULL") : workerId(sql, id);
    }

    /** Appends {@code 'CONSTANT'}; enum constants are Java identifiers, checked all the same. */
    static StringBuilder constant(StringBuilder sql, Enum<?> value) {
        return quoted(sql, check(NAME, "constant", value.name()));
    }

    static StringBuilder bool(StringBuilder sql, boolean value) {
        return sql.append(value ? "TRUE" : "FALSE");
    }

    private static String check(Pattern pattern, String kind, String value) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + kind + " to inline in SQL: " + value);
        }
        return value;
    }

    private static StringBuilder quoted(StringBuilder sql, String checked) {
        return sql.append('\'').append(checked).append('\'');
    }
}
