package io.goxhelix.names;

/** The name of a domain: the unit a round covers and a worker belongs to. */
public record DomainName(String value) {

    public DomainName {
        Name.checked("domain", value);
    }

    public static DomainName of(String value) {
        return new DomainName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
