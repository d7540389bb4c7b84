package io.goxhelix.coordinator;

/** A worker's snapshot reached a new version (fired on every instance by the feed follower). */
public record SnapshotChanged(String domain, String workerId, long version) {}
