package dev.sluice.crawl;

/**
 * How a URL's chars are kept as bytes: one byte a char when every char is below 256 (Latin-1, nearly
 * every URL a crawl sees), otherwise WTF-8, which is UTF-8 that keeps unpaired surrogates as their own
 * three bytes. {@link String#getBytes} would turn each unpaired surrogate into {@code '?'}, so two
 * different URLs could share one encoding and the second would be wrongly reported as seen; WTF-8 gives
 * every string its own bytes.
 */
final class UrlBytes {

    private UrlBytes() {
    }

    static boolean isLatin1(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The WTF-8 length; a long because three bytes a char can pass {@code Integer.MAX_VALUE}. */
    static long wtf8Length(String s) {
        long length = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (isPair(s, i)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    static void writeLatin1(String s, byte[] dst, int off) {
        for (int i = 0, n = s.length(); i < n; i++) {
            dst[off + i] = (byte) s.charAt(i);
        }
    }

    static void writeWtf8(String s, byte[] dst, int off) {
        int j = off;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[j++] = (byte) c;
            } else if (c < 0x800) {
                dst[j++] = (byte) (0xC0 | c >> 6);
                dst[j++] = (byte) (0x80 | c & 0x3F);
            } else if (isPair(s, i)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[j++] = (byte) (0xF0 | cp >> 18);
                dst[j++] = (byte) (0x80 | cp >> 12 & 0x3F);
                dst[j++] = (byte) (0x80 | cp >> 6 & 0x3F);
                dst[j++] = (byte) (0x80 | cp & 0x3F);
            } else {
                dst[j++] = (byte) (0xE0 | c >> 12);
                dst[j++] = (byte) (0x80 | c >> 6 & 0x3F);
                dst[j++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    static boolean equalsLatin1(String s, byte[] src, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (src[off + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} encodes to exactly these WTF-8 bytes. Encodes as it compares instead of
     * decoding the bytes or encoding {@code s} into a buffer, so a repeat lookup allocates nothing.
     */
    static boolean equalsWtf8(String s, byte[] src, int off, int len) {
        int j = off;
        int end = off + len;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (j >= end || src[j] != (byte) c) {
                    return false;
                }
                j += 1;
            } else if (c < 0x800) {
                if (end - j < 2
                        || src[j] != (byte) (0xC0 | c >> 6)
                        || src[j + 1] != (byte) (0x80 | c & 0x3F)) {
                    return false;
                }
                j += 2;
            } else if (isPair(s, i)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (end - j < 4
                        || src[j] != (byte) (0xF0 | cp >> 18)
                        || src[j + 1] != (byte) (0x80 | cp >> 12 & 0x3F)
                        || src[j + 2] != (byte) (0x80 | cp >> 6 & 0x3F)
                        || src[j + 3] != (byte) (0x80 | cp & 0x3F)) {
                    return false;
                }
                j += 4;
            } else {
                if (end - j < 3
                        || src[j] != (byte) (0xE0 | c >> 12)
                        || src[j + 1] != (byte) (0x80 | c >> 6 & 0x3F)
                        || src[j + 2] != (byte) (0x80 | c & 0x3F)) {
                    return false;
                }
                j += 3;
            }
        }
        return j == end;
    }

    private static boolean isPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i))
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
