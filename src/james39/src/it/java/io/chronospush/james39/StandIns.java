package io.chronospush.james39;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.GenericMatcher;

import io.chronospush.testing.Messages;

/**
 * What stands in, in {@link SampleMailetContainer}, for the sample's mailets and matchers that
 * James 3.9 does not publish on Maven Central (james-server-mailets, JMAP) or that need a
 * mailbox, a Sieve or a vacation store: each mailet becomes a {@link Recorder} in the same slot,
 * under the same matcher, and each matcher one that {@link NeverMatches}. Everything else,
 * from the container to {@code AddDeliveredToHeader}, {@code RecipientIsLocal} and
 * {@code ToProcessor}, is James 3.9's own.
 */
final class StandIns {
    /** The sample's mailets stood in for, and whether the original ends the mail's way ({@code LocalDelivery} stores it). */
    static final Map<String, Boolean> MAILETS_ENDING = Map.ofEntries(
        Map.entry("VacationMailet", false),
        Map.entry("Sieve", false),
        Map.entry("org.apache.james.jmap.mailet.filter.JMAPFiltering", false),
        Map.entry("MetricsMailet", false),
        Map.entry("RecipientRewriteTable", false),
        Map.entry("LocalDelivery", true),
        Map.entry("ToRepository", true),
        Map.entry("Bounce", true),
        Map.entry("DSNBounce", true),
        Map.entry("RemoteDelivery", true));

    /** The sample's matchers stood in for: their mails never come here (JMAP, recipient rewriting loops). */
    static final Set<String> MATCHERS = Set.of("org.apache.james.jmap.mailet.SentByJmap", "IsSenderInRRTLoop");

    /** The parameter a {@link Recorder} gets: the sample's mailet it stands in for. */
    static final String STAND_IN_FOR = "standInFor";

    private StandIns() {
    }

    /** One mail as a stood-in mailet saw it. */
    record Delivery(String mailet, String processor, List<String> recipients, byte[] message) {
    }

    /** What the {@link Recorder}s saw, in order; one per container. */
    static final class Deliveries {
        private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        void record(String mailet, Mail mail) throws MessagingException {
            try {
                deliveries.add(new Delivery(mailet, mail.getState(),
                    mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList()),
                    Messages.written(mail.getMessage())));
            } catch (IOException e) {
                throw new MessagingException("cannot record " + mail.getName(), e);
            }
        }

        List<Delivery> by(String mailet) {
            return deliveries.stream().filter(delivery -> delivery.mailet().equals(mailet)).collect(Collectors.toList());
        }

        /** The stood-in mailets that ended a mail's way: {@code LocalDelivery} only, when all went well. */
        List<String> endings() {
            return deliveries.stream().map(Delivery::mailet).filter(MAILETS_ENDING::get).collect(Collectors.toList());
        }
    }

    /** Records the mail; ghosts it where the original ends its way, unless {@code passThrough} says otherwise. */
    public static final class Recorder extends GenericMailet {
        private final Deliveries deliveries;

        @Inject
        public Recorder(Deliveries deliveries) {
            this.deliveries = deliveries;
        }

        @Override
        public void service(Mail mail) throws MessagingException {
            String standInFor = getInitParameter(STAND_IN_FOR);
            deliveries.record(standInFor, mail);
            if (MAILETS_ENDING.get(standInFor) && !getInitParameter("passThrough", false)) {
                mail.setState(Mail.GHOST);
            }
        }
    }

    public static final class NeverMatches extends GenericMatcher {
        @Override
        public Collection<MailAddress> match(Mail mail) {
            return List.of();
        }
    }
}
