package io.chronospush.embedded;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The project's {@code conf-samples/james38/mailetcontainer.xml}, as an operator would deploy it,
 * with only parameters of the {@code ChronosPushNotification} mailet set, its {@code url} above
 * all: so the sample itself is what runs in the demo and the tests.
 */
public final class MailetContainerSample {
    public static final String RELATIVE_PATH = "conf-samples/james38/mailetcontainer.xml";
    private static final String MAILET_CLASS = "io.chronospush.ChronosPushNotification";

    private MailetContainerSample() {
    }

    public static String withEndpoint(Path projectRoot, String url, Optional<Path> caFile) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("url", url);
        caFile.ifPresent(file -> parameters.put("caFile", file.toAbsolutePath().toString()));
        return withParameters(projectRoot, parameters);
    }

    /** The sample with each of {@code parameters} of the mailet set: replaced where present, added where not. */
    public static String withParameters(Path projectRoot, Map<String, String> parameters) throws Exception {
        return edited(projectRoot, (document, mailet, sample) -> setParameters(document, mailet, sample, parameters));
    }

    /** The sample with the extension's mailet behind another matcher, such as {@code All}. */
    public static String withMatcher(Path projectRoot, String match, Map<String, String> parameters) throws Exception {
        return edited(projectRoot, (document, mailet, sample) -> {
            setParameters(document, mailet, sample, parameters);
            mailet.setAttribute("match", match);
        });
    }

    /**
     * The sample with {@code parameters} set, and the {@code LocalDelivery} after the extension's
     * mailet replaced by {@code Null}: each mail is notified about, then dropped. Load on the
     * retry path alone: James's memory mailboxes slow down as they fill (tens of thousands of
     * mails), and are no part of what is measured then.
     */
    public static String droppingAfterNotifying(Path projectRoot, Map<String, String> parameters) throws Exception {
        return edited(projectRoot, (document, mailet, sample) -> {
            setParameters(document, mailet, sample, parameters);
            Element delivery = nextMailet(mailet);
            if (delivery == null || !delivery.getAttribute("class").equals("LocalDelivery")) {
                throw new IOException(sample + ": the " + MAILET_CLASS + " mailet is not followed by LocalDelivery");
            }
            delivery.setAttribute("class", "Null");
        });
    }

    /** The sample without the extension's mailet: James as it was, for a baseline. */
    public static String withoutChronos(Path projectRoot) throws Exception {
        return edited(projectRoot, (document, mailet, sample) -> mailet.getParentNode().removeChild(mailet));
    }

    private interface Edit {
        void apply(Document document, Element mailet, Path sample) throws IOException;
    }

    /** Parses the sample, lets {@code edit} change the extension's mailet, and writes the result out. */
    private static String edited(Path projectRoot, Edit edit) throws Exception {
        Path sample = projectRoot.resolve(RELATIVE_PATH);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(sample.toFile());
        edit.apply(document, chronosMailet(document, sample), sample);
        return serialize(document);
    }

    private static void setParameters(Document document, Element mailet, Path sample, Map<String, String> parameters) throws IOException {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            NodeList present = mailet.getElementsByTagName(parameter.getKey());
            if (present.getLength() > 1) {
                throw new IOException(sample + ": the " + MAILET_CLASS + " mailet has " + present.getLength() + " <" + parameter.getKey() + ">");
            }
            if (present.getLength() == 1) {
                present.item(0).setTextContent(parameter.getValue());
            } else {
                Element element = document.createElement(parameter.getKey());
                element.setTextContent(parameter.getValue());
                mailet.appendChild(element);
            }
        }
    }

    private static String serialize(Document document) throws Exception {
        StringWriter xml = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(document), new StreamResult(xml));
        return xml.toString();
    }

    private static Element nextMailet(Element mailet) {
        org.w3c.dom.Node next = mailet.getNextSibling();
        while (next != null && !(next instanceof Element)) {
            next = next.getNextSibling();
        }
        return (Element) next;
    }

    private static Element chronosMailet(Document document, Path sample) throws IOException {
        NodeList mailets = document.getElementsByTagName("mailet");
        Element found = null;
        for (int i = 0; i < mailets.getLength(); i++) {
            Element mailet = (Element) mailets.item(i);
            if (mailet.getAttribute("class").equals(MAILET_CLASS)) {
                if (found != null) {
                    throw new IOException(sample + " has more than one " + MAILET_CLASS + " mailet");
                }
                found = mailet;
            }
        }
        if (found == null) {
            throw new IOException(sample + " has no " + MAILET_CLASS + " mailet");
        }
        return found;
    }
}
