package io.goxhelix.store;

import io.goxhelix.names.Name;
import java.util.List;

/**
 * Literals for statements sent as text. A round's bulk writes (hundreds of rows per statement) cost
 * about twice as much as prepared statements, whose thousands of binary parameters dominate; as text
 * they go at the server's parsing speed. Only values of a closed alphabet are ever inlined: every
 * string is checked against the pattern of what it is (a name, a worker id, an enum constant) and
 * rejected otherwise, so none can hold a quote, a backslash or anything else the SQL lexer reads
 * specially, in any {@code sql_mode}. Numbers are written by {@link StringBuilder#append(long)}. The
 * patterns are the model's own ({@link Name}): names as {@link Name#isValid}, worker ids as {@link
 * Name#isCanonicalUuid} (the lower-case form the API stores).
 */
final class SqlText {

    private SqlText() {}

    /** Appends {@code 'name'}, a domain or queue name. */
    static StringBuilder name(StringBuilder sql, String name) {
        return quoted(sql, check(Name.isValid(name), "name", name));
    }

    /** Appends {@code 'id'}, a worker id. */
    static StringBuilder workerId(StringBuilder sql, String id) {
        return quoted(sql, check(Name.isCanonicalUuid(id), "worker id", id));
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
        return quoted(sql, check(Name.isValid(value.name()), "constant", value.name()));
    }

    static StringBuilder bool(StringBuilder sql, boolean value) {
        return sql.append(value ? "TRUE" : "FALSE");
    }

    private static String check(boolean valid, String kind, String value) {
        if (!valid) {
            throw new IllegalArgumentException("not a valid " + kind + " to inline in SQL: " + value);
        }
        return value;
    }

    private static StringBuilder quoted(StringBuilder sql, String checked) {
        return sql.append('\'').append(checked).append('\'');
    }
}
