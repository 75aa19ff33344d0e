package io.jenkins.plugins.releasegate.core.attest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** The DSSE envelope (Dead Simple Signing Envelope, v1) that carries a signed in-toto statement. */
public final class Dsse {

    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {}

    /** The pre-authentication encoding that is signed: {@code DSSEv1 SP len(type) SP type SP len(body) SP body}. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Signs the payload and wraps it in an envelope, as JSON. */
    public static byte[] envelope(String payloadType, byte[] payload, PayloadSigner signer)
            throws GeneralSecurityException, IOException {
        byte[] signature = signer.sign(pae(payloadType, payload));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("payloadType", payloadType);
            json.writeStringField("payload", Base64.getEncoder().encodeToString(payload));
            json.writeArrayFieldStart("signatures");
            json.writeStartObject();
            json.writeStringField("keyid", signer.keyId());
            json.writeStringField("sig", Base64.getEncoder().encodeToString(signature));
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }
}
