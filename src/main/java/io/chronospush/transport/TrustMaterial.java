package io.chronospush.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.hc.core5.ssl.SSLContexts;

/**
 * The certificate authorities HTTPS requests trust: the JVM's default trust store, plus, when
 * configured, the CAs of one file: a PEM bundle, or a PKCS12 or JKS trust store.
 * Hostname verification is not this class's concern: the transport always does it.
 */
public final class TrustMaterial {
    private static final String PEM_MARKER = "-----BEGIN";

    private TrustMaterial() {
    }

    /** The JVM's default trust, {@code javax.net.ssl.trustStore} included. */
    public static SSLContext jvmDefault() {
        return SSLContexts.createSystemDefault();
    }

    /**
     * The JVM's default CAs plus those of {@code caFile}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static SSLContext withCaFile(Path caFile, Optional<char[]> password) {
        List<X509Certificate> added = load(caFile, password);
        try {
            KeyStore trusted = jvmDefaultCas();
            for (int i = 0; i < added.size(); i++) {
                trusted.setCertificateEntry("ca-file-" + i, added.get(i));
            }
            return SSLContexts.custom().loadTrustMaterial(trusted, null).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context with '" + caFile + "': " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the file cannot be read or holds no certificate */
    static List<X509Certificate> load(Path file, Optional<char[]> password) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read '" + file + "': " + e, e);
        }
        List<X509Certificate> certificates = looksLikePem(content) ? fromPem(file, content) : fromTrustStore(file, password);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("'" + file + "' holds no certificate");
        }
        return certificates;
    }

    private static boolean looksLikePem(byte[] content) {
        return new String(content, StandardCharsets.US_ASCII).contains(PEM_MARKER);
    }

    private static List<X509Certificate> fromPem(Path file, byte[] content) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("'" + file + "' is not a PEM certificate bundle: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> fromTrustStore(Path file, Optional<char[]> password) {
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.orElse(null));
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate) {
                    certificates.add((X509Certificate) certificate);
                }
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("'" + file + "' is neither a PEM bundle nor a PKCS12/JKS trust store"
                + " readable with the given password: " + e.getMessage(), e);
        }
    }

    private static KeyStore jvmDefaultCas() throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                X509Certificate[] issuers = ((X509TrustManager) manager).getAcceptedIssuers();
                for (int i = 0; i < issuers.length; i++) {
                    store.setCertificateEntry("jvm-default-" + i, issuers[i]);
                }
            }
        }
        return store;
    }
}
