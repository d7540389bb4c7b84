package io.goxhelix.coordination;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the application versions workers announce, so that a rollout knows which is the newest.
 * Anything after a {@code +} (build metadata) is ignored. The rest is cut into runs of digits and
 * runs of other characters; runs are compared in turn, digits as numbers ({@code 1.10 > 1.9}), text
 * by its characters; a version that is a prefix of another is older ({@code 1.2 < 1.2.1}), unless
 * what the other adds starts with {@code -}, a pre-release ({@code 2.0-rc1 < 2.0}). A worker that
 * announces no version counts as older than any that does; equal versions by this order are one.
 */
public final class AppVersion {

    /** Null (no version) first, then oldest to newest. */
    public static final Comparator<String> ORDER = AppVersion::compare;

    private AppVersion() {}

    public static int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        List<String> x = runs(a);
        List<String> y = runs(b);
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            int c = compareRun(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (x.size() == y.size()) {
            return 0;
        }
        // The longer one adds a part: a pre-release if it starts with '-', else a later version.
        boolean xLonger = x.size() > y.size();
        String extra = (xLonger ? x : y).get(n);
        int longerIsNewer = extra.startsWith("-") ? -1 : 1;
        return xLonger ? longerIsNewer : -longerIsNewer;
    }

    /** The newest of {@code versions}, null if there is none (or only workers without a version). */
    public static String newest(Collection<String> versions) {
        String newest = null;
        for (String v : versions) {
            if (compare(v, newest) > 0) {
                newest = v;
            }
        }
        return newest;
    }

    /**
     * The newest of {@code versions} while they are not all one version (a rollout is under way),
     * else null.
     */
    public static String rolloutTarget(Collection<String> versions) {
        String newest = newest(versions);
        for (String v : versions) {
            if (compare(v, newest) != 0) {
                return newest;
            }
        }
        return null;
    }

    private static int compareRun(String x, String y) {
        boolean dx = Character.isDigit(x.charAt(0));
        boolean dy = Character.isDigit(y.charAt(0));
        if (dx && dy) {
            String a = stripZeros(x);
            String b = stripZeros(y);
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (dx != dy) {
            // "1.0.1" against "1.0-rc": a number goes on the version, text marks a pre-release.
            return dx ? 1 : -1;
        }
        return x.compareTo(y);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static List<String> runs(String version) {
        int plus = version.indexOf('+');
        String v = plus >= 0 ? version.substring(0, plus) : version;
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= v.length(); i++) {
            if (i == v.length() || Character.isDigit(v.charAt(i)) != Character.isDigit(v.charAt(i - 1))) {
                if (i > start) {
                    runs.add(v.substring(start, i));
                }
                start = i;
            }
        }
        return runs;
    }
}
