package org.trt4j.error;

import java.util.Collection;
import java.util.Iterator;
import java.util.StringJoiner;

/** Keeps error messages short and printable: input bytes quoted as a short excerpt, long lists summarized. */
public final class Excerpts {
    /** Characters of input quoted in a message at most. */
    public static final int MAX_QUOTED = 40;
    /** List items shown before "and N more". */
    public static final int MAX_LISTED = 10;

    private Excerpts() {}

    /**
     * At most {@link #MAX_QUOTED} characters, printable ASCII kept and every other character escaped ({@code \xNN},
     * {@code \}{@code uNNNN}), so binary input stays short and readable on any terminal.
     */
    public static String quote(CharSequence text) { return quote(text, MAX_QUOTED); }

    /** The same with another length limit (for a library's message, which is longer than an input token). */
    public static String quote(CharSequence text, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) sb.append(c);
            else if (c < 0x100) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(String.format("\\u%04x", (int) c));
        }
        if (text.length() > max) sb.append("...");
        return sb.toString();
    }

    /** Whether every character is printable ASCII (or a letter beyond it, as in a UTF-8 key). */
    public static boolean isPrintable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\ufffd' || (c >= 0x80 && !Character.isLetterOrDigit(c))) return false;
        }
        return true;
    }

    /** The same for bytes, read as Latin-1. */
    public static String quote(byte[] bytes, int from, int length) {
        int n = Math.min(length, MAX_QUOTED + 1);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) chars[i] = (char) (bytes[from + i] & 0xff);
        return quote(new String(chars));
    }

    /** The first {@link #MAX_LISTED} items joined by ", ", then "and N more". */
    public static String list(Collection<?> items) {
        StringJoiner j = new StringJoiner(", ");
        Iterator<?> it = items.iterator();
        for (int i = 0; i < MAX_LISTED && it.hasNext(); i++) j.add(String.valueOf(it.next()));
        int more = items.size() - MAX_LISTED;
        return more > 0 ? j + " and " + more + " more" : j.toString();
    }
}
