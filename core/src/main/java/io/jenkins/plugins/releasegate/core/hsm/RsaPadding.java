package io.jenkins.plugins.releasegate.core.hsm;

/** How an RSA key signs; EC keys ignore it. */
public enum RsaPadding {
    /** RSASSA-PKCS1-v1_5 with SHA-256: what every verifier accepts. */
    PKCS1_V1_5,
    /** RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt. */
    PSS
}
