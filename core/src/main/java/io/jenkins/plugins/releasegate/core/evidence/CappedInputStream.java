package io.jenkins.plugins.releasegate.core.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops reading past a byte limit, so a file that grows after its size was checked is refused like one that was too
 * large. Parsers may wrap the exception it throws, so callers can also ask {@link #exceeded()}.
 */
public final class CappedInputStream extends FilterInputStream {

    private final long limit;
    private long count;
    private boolean exceeded;

    public CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Whether a read went past the limit. */
    public boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new LimitExceeded(limit);
        }
    }

    /** The stream had more bytes than the limit allows. */
    public static final class LimitExceeded extends IOException {

        private static final long serialVersionUID = 1L;

        LimitExceeded(long limit) {
            super("more than " + limit + " bytes");
        }
    }
}
