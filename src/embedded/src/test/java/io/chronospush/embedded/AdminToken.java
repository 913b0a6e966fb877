package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * What webadmin's JWT authentication ({@code jwt.enabled=true}) needs, made up for a test: an RSA
 * key pair, its public key as the PEM file {@code jwt.publickeypem.url} names, and tokens signed
 * with its private key (RS256), with the {@code admin} claim James's {@code JwtFilter} requires.
 */
final class AdminToken {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final KeyPair keys;

    AdminToken() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
    }

    /** The public key, PEM-encoded, for {@code conf/jwt_publickey}. */
    String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token for {@code subject}, an administrator. */
    String forAdmin(String subject) throws GeneralSecurityException {
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));
        String claims = URL.encodeToString(("{\"sub\":\"" + subject + "\",\"admin\":true}").getBytes(UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(keys.getPrivate());
        rs256.update((header + "." + claims).getBytes(US_ASCII));
        return header + "." + claims + "." + URL.encodeToString(rs256.sign());
    }
}
