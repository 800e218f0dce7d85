package io.cnnstream.service.security;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority, a broker certificate for localhost signed by it, a client certificate
 * signed by it, and a client certificate signed by an authority nobody trusts: PKCS#12 files in a
 * directory, all under one random password (random, so a test can look for it in logs).
 */
record TestCertificates(Path truststore, Path broker, Path client, Path stranger, String password) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static TestCertificates createIn(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        String password = "pw-" + HexFormat.of().formatHex(RANDOM.generateSeed(12));
        KeyPair caKeys = keys(), brokerKeys = keys(), clientKeys = keys(), strangerCaKeys = keys(), strangerKeys = keys();
        X509Certificate ca = authority("CN=cnnstream test CA", caKeys);
        X509Certificate strangerCa = authority("CN=an authority nobody trusts", strangerCaKeys);
        X509Certificate broker = signed("CN=localhost", brokerKeys, ca, caKeys, true);
        X509Certificate client = signed("CN=cnnstream", clientKeys, ca, caKeys, false);
        X509Certificate stranger = signed("CN=cnnstream", strangerKeys, strangerCa, strangerCaKeys, false);

        TestCertificates files = new TestCertificates(dir.resolve("truststore.p12"), dir.resolve("broker.p12"),
                dir.resolve("client.p12"), dir.resolve("stranger.p12"), password);
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("ca", ca);
        write(trust, files.truststore, password);
        write(keyStore(brokerKeys, password, broker, ca), files.broker, password);
        write(keyStore(clientKeys, password, client, ca), files.client, password);
        write(keyStore(strangerKeys, password, stranger, strangerCa), files.stranger, password);
        return files;
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate authority(String name, KeyPair keys) throws GeneralSecurityException, IOException, OperatorCreationException {
        X509v3CertificateBuilder builder = builder(new X500Name(name), new X500Name(name), keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder, keys);
    }

    private static X509Certificate signed(String name, KeyPair keys, X509Certificate issuer, KeyPair issuerKeys, boolean server)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                new X500Name(name), keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return sign(builder, issuerKeys);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyStore keyStore(KeyPair keys, String password, X509Certificate certificate, X509Certificate issuer)
            throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        store.setKeyEntry("key", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, issuer});
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void write(KeyStore store, Path file, String password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
