package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Set;

/**
 * Signs files with a key on a PKCS#11 token, writing a detached CMS signature in DER beside each file as
 * {@code FILE.p7s}: signed attributes with content type, message digest and signing time, and the signer's chain.
 *
 * <p>{@link #open} finds the token by the URI without logging in, logs in once (a refused PIN is never tried again)
 * and clears the PIN, then finds the key and its certificate and hands the token's slot to the JDK's SunPKCS11
 * provider. The key store entry used is the one whose certificate is the certificate found beside the key, so the
 * label SunPKCS11 gives the entry does not matter.
 *
 * <p>{@link #signAll} hashes the files in software in parallel, one streaming pass each, and sends only the signed
 * attributes to the token, one signature at a time through the one login. The first signature is checked against
 * the certificate in software; each is written to a temporary file beside the target and moved into place, so a
 * failure never leaves a partial {@code .p7s}. Every file gets an outcome; when the token goes away, the files after it
 * fail and the signatures already written stay. Safe for use by several threads; close it when done, which logs out.
 */
public final class HsmSigner implements AutoCloseable {

    private static final AtomicLong PROVIDER_NAMES = new AtomicLong();
    private static final Pattern RETURN_NAME = Pattern.compile("CKR_[A-Z0-9_]+");

    private final TokenSlot slot;
    private final TokenSession session;
    private final Pkcs11Module.Lease lease;
    private final SigningCredential credential;
    private final Provider provider;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final Object tokenLock = new Object();

    private Signature signature;
    private boolean signatureChecked;
    private String goneReason;
    private boolean closed;

    private HsmSigner(
            TokenSlot slot,
            TokenSession session,
            Pkcs11Module.Lease lease,
            SigningCredential credential,
            Provider provider,
            PrivateKey privateKey,
            Clock clock) {
        this.slot = slot;
        this.session = session;
        this.lease = lease;
        this.credential = credential;
        this.provider = provider;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /**
     * Opens a signer that signs with RSA PKCS#1 v1.5 where the key is RSA; see
     * {@link #open(Path, Pkcs11Uri, Pin, List, RsaPadding)}.
     */
    public static HsmSigner open(Path library, Pkcs11Uri key, Pin pin, List<X509Certificate> extraChain)
            throws HsmException {
        return open(library, key, pin, extraChain, RsaPadding.PKCS1_V1_5);
    }

    /**
     * Loads the module, finds the token and the key, logs in once and clears the PIN, whatever happens.
     *
     * @param extraChain intermediate certificates to add to every signature after those the token holds
     * @throws HsmException when the module, token, key or certificate cannot be used, or the login fails
     */
    public static HsmSigner open(
            Path library, Pkcs11Uri key, Pin pin, List<X509Certificate> extraChain, RsaPadding padding)
            throws HsmException {
        try (pin) {
            return open(Pkcs11Module.open(library), key, pin, extraChain, padding, Clock.systemUTC());
        }
    }

    static HsmSigner open(
            Pkcs11Module module,
            Pkcs11Uri key,
            Pin pin,
            List<X509Certificate> extraChain,
            RsaPadding padding,
            Clock clock)
            throws HsmException {
        try (pin) {
            if (!key.namesKey()) {
                throw new HsmException(
                        Kind.KEY_NOT_FOUND,
                        "The URI " + key + " names no key, so nothing was signed: add object= (the key's label) or"
                                + " id=.");
            }
            TokenSlot slot = module.find(key);
            Pkcs11Module.Lease lease = module.lease(slot);
            TokenSession session = null;
            try {
                session = TokenSession.open(module.library(), slot, false);
                session.login(pin);
                pin.close();
                SigningCredential credential = SigningCredential.find(session, key, padding, extraChain);
                Provider provider = configureProvider(module.realPath(), slot);
                PrivateKey privateKey = keyStoreEntry(provider, slot, credential, key);
                return new HsmSigner(slot, session, lease, credential, provider, privateKey, clock);
            } catch (Pkcs11Failure e) {
                release(session, lease);
                throw e.toHsmException("The " + slot.describe(), "nothing was signed");
            } catch (HsmException | RuntimeException e) {
                release(session, lease);
                throw e;
            }
        }
    }

    private static void release(TokenSession session, Pkcs11Module.Lease lease) {
        if (session != null) {
            session.close();
        }
        lease.close();
    }

    /** The signer's certificate, as the token holds it. */
    public X509Certificate certificate() {
        return credential.certificate();
    }

    /** The certificates every signature carries: the signer's first. */
    public List<X509Certificate> chain() {
        return credential.chain();
    }

    /** The JCA name of the signature algorithm, for example {@code SHA384withECDSA}. */
    public String algorithm() {
        return credential.scheme().jcaName();
    }

    /**
     * Signs a message of a few kilobytes, such as a DSSE envelope's pre-authentication encoding, through the same
     * login and with the same scheme as files: ECDSA (DER), RSA PKCS#1 v1.5 or PSS over SHA-256, or SHA-384 on P-384.
     * Each such signature is checked against the certificate in software before it is returned.
     *
     * @throws GeneralSecurityException with a sentence naming the token when it cannot sign or its signature does
     *     not verify
     */
    public byte[] signMessage(byte[] message) throws GeneralSecurityException {
        synchronized (tokenLock) {
            if (closed) {
                throw new GeneralSecurityException(
                        "The signer of the " + slot.describe() + " was already closed, so" + " nothing was signed.");
            }
            if (goneReason != null) {
                throw new GeneralSecurityException(
                        "Nothing was signed because " + goneReason + " earlier in this run.");
            }
            byte[] value;
            try {
                value = tokenSign(message);
            } catch (GeneralSecurityException | RuntimeException e) {
                String reason = returnName(e).orElse(e.getClass().getSimpleName() + ": " + e.getMessage());
                throw new GeneralSecurityException(
                        "The " + slot.describe() + " could not sign (" + reason + "), so nothing was signed.", e);
            }
            if (!verifies(message, value)) {
                throw new GeneralSecurityException("The signature that the " + slot.describe() + " made does not"
                        + " verify with the certificate " + SigningCredential.subject(certificate())
                        + ", so it was not used.");
            }
            return value;
        }
    }

    /** Signs every file; see {@link #signAll(List, Consumer)}. */
    public List<SigningOutcome> signAll(List<Path> files) {
        return signAll(files, outcome -> {});
    }

    /**
     * Signs every file, hashing them in parallel and signing one at a time, and returns one outcome per file in the
     * order given. Never throws for a file: each failure is a sentence in its outcome.
     *
     * @param progress told of each outcome as soon as it is known, one at a time, from the hashing threads; the next
     *     signature is made only after it returns
     */
    public List<SigningOutcome> signAll(List<Path> files, Consumer<SigningOutcome> progress) {
        return signAll(files, Map.of(), progress);
    }

    /**
     * Signs every file whose SHA-256 is still the one a gate recorded for it: a file changed since it was gated is
     * not signed, so the signature never covers bytes the gate did not see. Files without a recorded digest are signed
     * as they are.
     *
     * @param gatedSha256 the SHA-256 (hex) the gate's report recorded, by file as given here
     */
    public List<SigningOutcome> signAll(
            List<Path> files, Map<Path, String> gatedSha256, Consumer<SigningOutcome> progress) {
        if (files.isEmpty()) {
            return List.of();
        }
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService hashing = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "release-gate-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<SigningOutcome>> pending = new ArrayList<>();
            for (Path file : files) {
                pending.add(hashing.submit(() -> signOne(file, gatedSha256.get(file), progress)));
            }
            List<SigningOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                outcomes.add(await(pending.get(i), files.get(i)));
            }
            return Collections.unmodifiableList(outcomes);
        } finally {
            hashing.shutdownNow();
        }
    }

    /** Logs out of the token and closes the session; signatures already written stay. */
    @Override
    public void close() {
        synchronized (tokenLock) {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
            lease.close();
        }
    }

    private SigningOutcome signOne(Path file, String gatedSha256, Consumer<SigningOutcome> progress) {
        SigningOutcome outcome;
        try {
            outcome = hashAndSign(file, gatedSha256, progress);
        } catch (RuntimeException e) {
            outcome = report(
                    SigningOutcome.failed(
                            file,
                            file + " was not signed because of an internal error ("
                                    + e.getClass().getName() + ": " + e.getMessage() + ")."),
                    progress);
        }
        return outcome;
    }

    private SigningOutcome hashAndSign(Path file, String gatedSha256, Consumer<SigningOutcome> progress) {
        if (!Files.isRegularFile(file)) {
            String problem = Files.exists(file) ? "is not a regular file" : "does not exist";
            return report(SigningOutcome.failed(file, file + " " + problem + ", so it was not signed."), progress);
        }
        byte[] digest;
        try {
            ArtifactDigests digests =
                    ArtifactHasher.digest(file, Set.of(credential.scheme().digest()));
            digest = digests.get(credential.scheme().digest()).orElseThrow();
            if (gatedSha256 != null && !gatedSha256.equalsIgnoreCase(digests.sha256())) {
                return report(
                        SigningOutcome.failed(
                                file,
                                file + " changed since it was gated (SHA-256 " + gatedSha256 + " then, "
                                        + digests.sha256() + " now), so it was not signed."),
                        progress);
            }
        } catch (NoSuchFileException e) {
            return report(SigningOutcome.failed(file, file + " does not exist, so it was not signed."), progress);
        } catch (IOException e) {
            return report(
                    SigningOutcome.failed(
                            file, file + " could not be read (" + e.getMessage() + "), so it was not signed."),
                    progress);
        }
        ASN1Set attributes = CmsDetachedSignature.signedAttributes(digest, clock.instant());

        synchronized (tokenLock) {
            return report(signAndWrite(file, attributes), progress);
        }
    }

    private SigningOutcome signAndWrite(Path file, ASN1Set attributes) {
        if (closed) {
            return SigningOutcome.failed(file, file + " was not signed because the signer was already closed.");
        }
        if (goneReason != null) {
            return SigningOutcome.failed(
                    file, file + " was not signed because " + goneReason + " earlier in this run.");
        }

        byte[] value;
        try {
            value = tokenSign(CmsDetachedSignature.toBeSigned(attributes));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return tokenFailure(file, e);
        }
        if (!signatureChecked && !verifiesAttributes(attributes, value)) {
            return SigningOutcome.failed(
                    file,
                    "The signature that the " + slot.describe() + " made for " + file
                            + " does not verify with the certificate " + SigningCredential.subject(certificate())
                            + ", so it was not written.");
        }

        Path target = file.resolveSibling(file.getFileName() + ".p7s");
        try {
            writeAtomically(target, CmsDetachedSignature.encode(credential.scheme(), attributes, value, chain()));
            return SigningOutcome.signed(file, target);
        } catch (IOException | GeneralSecurityException e) {
            return SigningOutcome.failed(
                    file,
                    target + " could not be written (" + e.getMessage() + "), so " + file + " is not signed; no"
                            + " partial signature was left.");
        }
    }

    private byte[] tokenSign(byte[] toBeSigned) throws GeneralSecurityException {
        if (signature == null) {
            Signature fresh =
                    withParameters(Signature.getInstance(credential.scheme().jcaName(), provider));
            fresh.initSign(privateKey);
            signature = fresh;
            signatureChecked = false;
        }
        try {
            signature.update(toBeSigned);
            return signature.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature object that failed half-way is not trusted with the next file.
            signature = null;
            throw e;
        }
    }

    /**
     * Checks a signature in software against the certificate, so that no file is written that the certificate does
     * not verify. The first signature of each signing object is checked: that proves the key and the certificate
     * belong together; later ones come from the same key through the same mechanism, and checking each would cost
     * more than the token's signing itself.
     */
    private boolean verifiesAttributes(ASN1Set attributes, byte[] value) {
        try {
            signatureChecked = verifies(CmsDetachedSignature.toBeSigned(attributes), value);
            return signatureChecked;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean verifies(byte[] message, byte[] value) {
        try {
            Signature verifier =
                    withParameters(Signature.getInstance(credential.scheme().verificationName()));
            verifier.initVerify(certificate().getPublicKey());
            verifier.update(message);
            return verifier.verify(value);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Signature withParameters(Signature instance) throws GeneralSecurityException {
        Optional<AlgorithmParameterSpec> parameters = credential.scheme().parameters();
        if (parameters.isPresent()) {
            instance.setParameter(parameters.get());
        }
        return instance;
    }

    private SigningOutcome tokenFailure(Path file, Exception e) {
        Optional<String> returnName = returnName(e);
        OptionalLong returnValue = returnName.map(CryptokiReturn::valueOf).orElse(OptionalLong.empty());
        if (returnValue.isPresent() && CryptokiReturn.meansTokenGone(returnValue.getAsLong())) {
            goneReason = "the " + slot.describe() + " went away (" + returnName.get() + ")";
            return SigningOutcome.failed(
                    file,
                    file + " was not signed because " + goneReason + "; the files after it cannot be signed in this"
                            + " run, and the signatures already written stay.");
        }
        String reason = returnName.orElse(e.getClass().getSimpleName() + ": " + e.getMessage());
        return SigningOutcome.failed(
                file,
                "The " + slot.describe() + " could not sign " + file + " (" + reason + "), so it was not signed.");
    }

    /** The {@code CKR_} name SunPKCS11 puts in the message of its PKCS11Exception, somewhere in the causes. */
    private static Optional<String> returnName(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Matcher matcher = RETURN_NAME.matcher(Objects.requireNonNullElse(cause.getMessage(), ""));
            if (matcher.find()) {
                return Optional.of(matcher.group());
            }
        }
        return Optional.empty();
    }

    private SigningOutcome report(SigningOutcome outcome, Consumer<SigningOutcome> progress) {
        synchronized (tokenLock) {
            try {
                progress.accept(outcome);
            } catch (RuntimeException e) {
                // The caller's display failing is no reason to lose the outcome.
            }
        }
        return outcome;
    }

    private static SigningOutcome await(Future<SigningOutcome> pending, Path file) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SigningOutcome.failed(file, file + " was not signed because the run was interrupted.");
        } catch (ExecutionException e) {
            return SigningOutcome.failed(
                    file, file + " was not signed because of an internal error (" + e.getCause() + ").");
        }
    }

    /** Writes beside the target under a name no one else uses, then renames over the target in one step. */
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                out.write(content);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A SunPKCS11 instance for the one slot, configured inline. It is not registered with {@link Security}, so
     * nothing else in the process picks it up.
     */
    private static Provider configureProvider(Path library, TokenSlot slot) throws HsmException {
        Provider template = Security.getProvider("SunPKCS11");
        if (template == null) {
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "This Java runtime lacks the SunPKCS11 provider (module jdk.crypto.cryptoki), so nothing can be"
                            + " signed through a token.");
        }
        // SunPKCS11 reads a quoted value with escapes, so Windows separators are given as forward slashes.
        String path = library.toString().replace('\\', '/');
        if (path.contains("\"") || path.contains("\n")) {
            throw new HsmException(
                    Kind.MODULE_NOT_LOADABLE,
                    "The PKCS#11 module path " + library + " holds a quote or a line break, which SunPKCS11 cannot be"
                            + " configured with, so nothing was signed.");
        }
        String configuration = "--name = ReleaseGate" + PROVIDER_NAMES.incrementAndGet() + "\n"
                + "library = \"" + path + "\"\n"
                + "slot = " + Long.toUnsignedString(slot.slotId()) + "\n";
        try {
            return template.configure(configuration);
        } catch (RuntimeException e) {
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "SunPKCS11 could not be set up for the " + slot.describe() + " of " + library + " ("
                            + e.getMessage() + "), so nothing was signed.");
        }
    }

    /**
     * The private key SunPKCS11 shows for the credential: the key store is loaded without a PIN, as the login has
     * already happened, so SunPKCS11 has no PIN it could try a second time.
     */
    private static PrivateKey keyStoreEntry(
            Provider provider, TokenSlot slot, SigningCredential credential, Pkcs11Uri uri) throws HsmException {
        List<String> matching = new ArrayList<>();
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, null);
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate certificate = keyStore.getCertificate(alias);
                if (keyStore.isKeyEntry(alias) && credential.certificate().equals(certificate)) {
                    matching.add(alias);
                }
            }
            if (matching.size() == 1) {
                return (PrivateKey) keyStore.getKey(matching.get(0), null);
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "SunPKCS11 could not read the keys of the " + slot.describe() + " (" + e.getMessage()
                            + "), so nothing was signed.");
        }
        if (matching.isEmpty()) {
            throw new HsmException(
                    Kind.KEY_WITHOUT_CERTIFICATE,
                    "SunPKCS11 does not show the key " + uri.keyName() + " of the " + slot.describe()
                            + " with its certificate " + SigningCredential.subject(credential.certificate())
                            + ", so nothing was signed.");
        }
        // SunPKCS11 names entries by label, never by id, so two keys beside copies of one certificate look alike.
        throw new HsmException(
                Kind.CERTIFICATE_MISMATCH,
                "The certificate " + SigningCredential.subject(credential.certificate()) + " of the key "
                        + uri.keyName() + " sits beside " + matching.size() + " keys on the " + slot.describe()
                        + ", which SunPKCS11 cannot tell apart, so nothing was signed: keep one copy of it.");
    }
}
