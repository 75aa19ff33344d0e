package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pin;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.TokenKey;
import io.jenkins.plugins.releasegate.core.hsm.TokenSlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gate hsm list|keygen|import-cert}: looks at tokens and makes signing keys on them. */
@Command(
        name = "hsm",
        mixinStandardHelpOptions = true,
        description = "Lists a PKCS#11 module's tokens and keys; makes a key pair on a token; stores its certificate.",
        subcommands = {HsmCommand.ListCommand.class, HsmCommand.KeygenCommand.class, HsmCommand.ImportCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  release-gate hsm list --module /usr/lib/softhsm/libsofthsm2.so")
final class HsmCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Name an hsm command: list, keygen or import-cert.");
    }

    static Pkcs11Uri uri(String text) throws HsmException {
        return Pkcs11Uri.parse(text);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "Shows the module's slots and tokens, and each token's keys: label, id, type, and whether a"
                        + " certificate sits next to the key.",
                "Without a PIN only public objects show; with one, private keys too. Logging in is never tried"
                        + " just to look."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  release-gate hsm list --module /usr/lib/softhsm/libsofthsm2.so",
                "  release-gate hsm list --module /usr/lib/softhsm/libsofthsm2.so --token release --pin-env PIN"
            })
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--module", required = true, paramLabel = "LIB", description = "The PKCS#11 module.")
        Path module;

        @Option(names = "--token", paramLabel = "LABEL", description = "List the keys of this token only.")
        String token;

        @CommandLine.ArgGroup(multiplicity = "0..1")
        PinOptions pin;

        @CommandLine.Mixin
        DebugOption debug;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws HsmException {
            PrintWriter out = spec.commandLine().getOut();
            Pkcs11Module opened = Pkcs11Module.open(module);
            Pkcs11Module.ModuleInfo info = opened.info();
            out.println("Module " + module + ": " + info.manufacturer() + " " + info.description() + " "
                    + info.version() + " (Cryptoki " + info.cryptokiVersion() + ")");
            List<TokenSlot> slots = opened.slots();
            if (token != null && slots.stream().noneMatch(slot -> token.equals(slot.label()))) {
                opened.find(uri("pkcs11:token=" + encode(token)));
            }
            for (TokenSlot slot : slots) {
                if (token != null && !token.equals(slot.label())) {
                    continue;
                }
                out.println("slot " + Long.toUnsignedString(slot.slotId()) + "  " + slot.slotDescription());
                if (!slot.initialized()) {
                    out.println("  no initialized token");
                    continue;
                }
                out.println("  token '" + slot.label() + "'  " + slot.manufacturer() + " " + slot.model() + "  serial "
                        + slot.serial() + "  " + slot.flags());
                Optional<Pin> login = Optional.empty();
                if (pin != null) {
                    login = Optional.of(pin.read());
                }
                List<TokenKey> keys = opened.keys(slot, login);
                login.ifPresent(Pin::close);
                if (keys.isEmpty()) {
                    out.println(pin == null ? "  no public keys (give a PIN to see private keys)" : "  no keys");
                }
                for (TokenKey key : keys) {
                    out.println("  "
                            + key.objectClass()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' ') + " '"
                            + key.label() + "'  id " + key.idHex() + "  " + key.type()
                            + (key.hasCertificate() ? "  with certificate" : "  no certificate"));
                }
            }
            out.flush();
            return ReleaseGateCommand.PASSED;
        }

        private static String encode(String label) {
            return java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
        }
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = "Makes a non-extractable, sensitive key pair on the token, then stores a self-signed"
                    + " code-signing certificate next to it or writes a certificate signing request.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  release-gate hsm keygen --module /usr/lib/softhsm/libsofthsm2.so --pin-env PIN \\",
                "      --key 'pkcs11:token=release;object=signing' --type ec-p256 --self-signed 'Release Signing'",
                "  release-gate hsm keygen ... --type rsa-3072 --csr signing.csr --subject 'Release Signing'"
            })
    static final class KeygenCommand implements Callable<Integer> {

        @Option(
                names = "--key",
                required = true,
                paramLabel = "PKCS11-URI",
                description = "The token and the" + " label (object=) and optional id (id=) of the new key.")
        String key;

        @Option(names = "--module", paramLabel = "LIB", description = "The PKCS#11 module; else the URI's module-path.")
        Path module;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "ec-p256, ec-p384 or rsa-3072.")
        String type;

        @CommandLine.ArgGroup(multiplicity = "1")
        PinOptions pin;

        @CommandLine.ArgGroup(multiplicity = "1")
        Enrolment enrolment;

        static final class Enrolment {
            @Option(
                    names = "--self-signed",
                    paramLabel = "CN",
                    description =
                            "Store a self-signed code-signing" + " certificate with this common name next to the key.")
            String selfSigned;

            @Option(names = "--csr", paramLabel = "FILE", description = "Write a PKCS#10 request (PEM) to FILE.")
            Path csr;
        }

        @Option(
                names = "--subject",
                paramLabel = "CN",
                description = "The common name of the --csr request" + " (default: the key's label).")
        String subject;

        @CommandLine.Mixin
        DebugOption debug;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws HsmException {
            PrintWriter out = spec.commandLine().getOut();
            Pkcs11Uri uri = uri(key);
            KeyType keyType = KeyType.byName(type);
            Pkcs11Module opened = Pkcs11Module.open(Pkcs11Module.choosePath(Optional.ofNullable(module), uri));
            HsmKeys.Enrolment how = enrolment.selfSigned != null
                    ? HsmKeys.SelfSigned.of(enrolment.selfSigned)
                    : new HsmKeys.Csr(
                            subject != null ? subject : uri.object().orElse("release signing"), enrolment.csr);
            HsmKeys.GeneratedKey generated;
            try (Pin secret = pin.read()) {
                generated = HsmKeys.generate(opened, uri, keyType, secret, how);
            }
            out.println(
                    "Made the " + keyType.text() + " key " + generated.uri() + " on the token; it cannot leave it.");
            generated
                    .certificate()
                    .ifPresent(certificate -> out.println("Stored a self-signed code-signing certificate"
                            + " for " + certificate.getSubjectX500Principal().getName() + " next to it, valid until "
                            + certificate.getNotAfter().toInstant() + "."));
            generated
                    .request()
                    .ifPresent(file -> out.println("Wrote the certificate signing request to " + file
                            + "; import the certificate your CA issues with: release-gate hsm import-cert --key '"
                            + generated.uri() + "' CERT"));
            out.flush();
            return ReleaseGateCommand.PASSED;
        }
    }

    @Command(
            name = "import-cert",
            mixinStandardHelpOptions = true,
            description = "Stores a CA-issued certificate next to its key on the token, after checking that the"
                    + " certificate's public key is the key's.",
            footerHeading = "%nExample:%n",
            footer = {
                "  release-gate hsm import-cert --pin-env PIN \\",
                "      --key 'pkcs11:token=release;object=signing' signing.pem"
            })
    static final class ImportCommand implements Callable<Integer> {

        @Option(names = "--key", required = true, paramLabel = "PKCS11-URI", description = "The key.")
        String key;

        @Option(names = "--module", paramLabel = "LIB", description = "The PKCS#11 module; else the URI's module-path.")
        Path module;

        @CommandLine.ArgGroup(multiplicity = "1")
        PinOptions pin;

        @Parameters(paramLabel = "CERT", description = "The certificate, PEM or DER.")
        Path certificate;

        @CommandLine.Mixin
        DebugOption debug;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws HsmException {
            PrintWriter out = spec.commandLine().getOut();
            Pkcs11Uri uri = uri(key);
            Pkcs11Module opened = Pkcs11Module.open(Pkcs11Module.choosePath(Optional.ofNullable(module), uri));
            HsmKeys.ImportedCertificate imported;
            try (Pin secret = pin.read()) {
                imported = HsmKeys.importCertificate(opened, uri, secret, certificate);
            }
            out.println(
                    imported.alreadyPresent()
                            ? "The certificate was already on the token next to its key."
                            : "Stored "
                                    + imported.certificate()
                                            .getSubjectX500Principal()
                                            .getName() + " next to its key.");
            out.flush();
            return ReleaseGateCommand.PASSED;
        }
    }
}
