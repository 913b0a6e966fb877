package io.chronospush.james39;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code conf-samples/james39/mailetcontainer.xml}, read as James reads it
 * ({@link FileConfigurationProvider}), with the {@link StandIns} in the slots of what is not
 * on Maven Central, and the ChronosPush mailet's parameters as a test sets them. Its matcher
 * and mailet, and every other element, are the sample's.
 */
final class SampleMailetContainer {
    static final String MAILET = "io.chronospush.ChronosPushNotification";
    static final String MATCHER = "io.chronospush.HasCalendarInvite";

    private final Document document;

    private SampleMailetContainer(Document document) {
        this.document = document;
    }

    static SampleMailetContainer read() throws Exception {
        Path sample = Path.of(System.getProperty("chronos.mailetcontainer"));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(sample.toFile());
        for (Element mailet : elements(document, "mailet")) {
            if (StandIns.MAILETS_ENDING.containsKey(mailet.getAttribute("class"))) {
                parameter(mailet, StandIns.STAND_IN_FOR).setTextContent(mailet.getAttribute("class"));
                mailet.setAttribute("class", StandIns.Recorder.class.getName());
            }
        }
        for (Element matching : elements(document, "mailet", "matcher")) {
            if (StandIns.MATCHERS.contains(matching.getAttribute("match"))) {
                matching.setAttribute("match", StandIns.NeverMatches.class.getName());
            }
        }
        return new SampleMailetContainer(document);
    }

    /** The ChronosPush mailet's {@code name} parameter, replaced or added. */
    SampleMailetContainer withChronosPush(String name, String value) {
        List<Element> mailets = elements(document, "mailet").stream()
            .filter(element -> element.getAttribute("class").equals(MAILET))
            .collect(Collectors.toList());
        if (mailets.size() != 1) {
            throw new IllegalStateException("the sample should have one " + MAILET + ", it has " + mailets.size());
        }
        parameter(mailets.get(0), name).setTextContent(value);
        return this;
    }

    /** The sample as James's {@code FileConfigurationProvider} hands it to the container. */
    XMLConfiguration configuration() throws Exception {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(xml));
        return FileConfigurationProvider.getConfig(new ByteArrayInputStream(xml.toByteArray()));
    }

    private static Element parameter(Element mailet, String name) {
        NodeList existing = mailet.getElementsByTagName(name);
        if (existing.getLength() > 0) {
            return (Element) existing.item(0);
        }
        Element added = mailet.getOwnerDocument().createElement(name);
        mailet.appendChild(added);
        return added;
    }

    private static List<Element> elements(Document document, String... tags) {
        return List.of(tags).stream()
            .flatMap(tag -> {
                NodeList nodes = document.getElementsByTagName(tag);
                return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i));
            })
            .collect(Collectors.toList());
    }
}
