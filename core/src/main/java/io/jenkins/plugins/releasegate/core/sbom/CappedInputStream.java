package io.jenkins.plugins.releasegate.core.sbom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops reading at a size cap, so a file that grows after its size was checked is refused too. Parsers may wrap the
 * exception it throws, so callers ask {@link #exceeded()} rather than look for the exception.
 */
final class CappedInputStream extends FilterInputStream {

    private final long maxBytes;
    private long count;
    private boolean exceeded;

    CappedInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws IOException {
        count += n;
        if (count > maxBytes) {
            exceeded = true;
            throw new IOException("more than " + maxBytes + " bytes");
        }
    }
}
