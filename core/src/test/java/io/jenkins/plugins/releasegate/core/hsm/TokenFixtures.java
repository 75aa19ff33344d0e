package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.policy.SignaturePolicy;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.CertificateTrust;
import io.jenkins.plugins.releasegate.core.signature.CmsSignatureVerifier;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** What the hsm tests share: keys made on the token, files to sign, and the two verifiers that judge signatures. */
final class TokenFixtures {

    private static final AtomicInteger LABELS = new AtomicInteger();

    private TokenFixtures() {}

    /** A label no other test of this JVM uses. */
    static String uniqueLabel(String prefix) {
        return prefix + "-" + LABELS.incrementAndGet();
    }

    static Pkcs11Module module() throws HsmException {
        return Pkcs11Module.open(SoftHsmToken.module());
    }

    /** Makes a key pair with a self-signed certificate on the token through the engine's own key generation. */
    static HsmKeys.GeneratedKey keyWithCertificate(SoftHsmToken token, String label, KeyType type) throws HsmException {
        return HsmKeys.generate(
                module(), Pkcs11Uri.parse(token.uri(label)), type, token.newPin(), HsmKeys.SelfSigned.of(label));
    }

    /** A file of random bytes. */
    static Path randomFile(Path folder, String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(name.hashCode()).nextBytes(content);
        return Files.write(folder.resolve(name), content);
    }

    static Path writePem(Path file, X509Certificate certificate) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** The engine's own verdict on a signature, with the certificate pinned as the one trusted signer. */
    static CheckResult engineVerdict(Path artifact, Path signature, X509Certificate trusted) throws IOException {
        SignaturePolicy policy = new SignaturePolicy(
                true, Set.of(SignatureFormat.CMS), TrustSources.none(), true, Signers.ALL, List.of());
        CmsSignatureVerifier verifier =
                new CmsSignatureVerifier(policy, CertificateTrust.of(List.of(trusted)), Clock.systemUTC());
        return verdict(verifier, artifact, signature);
    }

    /** Drives a verifier as the gate does: read the evidence, hash the artifact once for it, complete. */
    static CheckResult verdict(CmsSignatureVerifier verifier, Path artifact, Path signature) throws IOException {
        PendingCheck pending = verifier.read(
                new EvidenceFile(signature, signature.getFileName().toString()),
                new ArtifactContext(
                        artifact.getFileName().toString(),
                        artifact.getFileName().toString(),
                        FindingWaivers.none()));
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    /** What {@code openssl cms -verify} says of a signature, trusting the given certificate file. */
    static ToolRun.Result opensslVerdict(Path artifact, Path signature, Path trustedPem) throws IOException {
        return ToolRun.attempt(
                artifact.getParent(),
                List.of(
                        "openssl",
                        "cms",
                        "-verify",
                        "-binary",
                        "-inform",
                        "DER",
                        "-in",
                        signature.toString(),
                        "-content",
                        artifact.toString(),
                        "-CAfile",
                        trustedPem.toString(),
                        "-purpose",
                        "any",
                        "-out",
                        "/dev/null"));
    }

    /** The real module, with every call to {@code C_Login} counted on its way through. */
    static Pkcs11Module countingLogins(AtomicInteger logins) throws HsmException, IOException {
        Pkcs11Module real = module();
        Pkcs11Library library = real.library();
        Pkcs11Library counting = (Pkcs11Library) Proxy.newProxyInstance(
                Pkcs11Library.class.getClassLoader(), new Class<?>[] {Pkcs11Library.class}, (proxy, method, args) -> {
                    if (method.getName().equals("C_Login")) {
                        logins.incrementAndGet();
                    }
                    try {
                        return method.invoke(library, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Pkcs11Module(real.path(), real.path().toRealPath(), counting);
    }

    /** A code-signing certificate for the public key, from a CA whose key lives in memory only. */
    static X509Certificate issuedBySoftwareCa(PublicKey subjectKey, String commonName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair ca = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=Software Test CA"),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + commonName),
                subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    }
}
