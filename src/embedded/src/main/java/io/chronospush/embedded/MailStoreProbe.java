package io.chronospush.embedded;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.ClassName;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.Mail;

/** Reads what James stored, in mailboxes and mail repositories, and loads classes the way James's mailet loader does. */
public class MailStoreProbe implements GuiceProbe {
    /** A class as James's loader instantiated it. */
    public static final class LoadedClass {
        public final Object instance;
        public final List<URL> loadedFrom;

        LoadedClass(Object instance, List<URL> loadedFrom) {
            this.instance = instance;
            this.loadedFrom = loadedFrom;
        }
    }

    /** A mail kept in a mail repository: its name, recipients and attributes. */
    public static final class KeptMail {
        public final String name;
        public final List<String> recipients;
        public final Map<String, Object> attributes;

        KeptMail(Mail mail) {
            this.name = mail.getName();
            this.recipients = mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList());
            this.attributes = mail.attributes().collect(Collectors.toMap(attribute -> attribute.getName().asString(),
                attribute -> attribute.getValue().getValue()));
        }
    }

    private final MailboxManager mailboxManager;
    private final GuiceGenericLoader loader;
    private final MailRepositoryStore repositories;

    @Inject
    public MailStoreProbe(MailboxManager mailboxManager, GuiceGenericLoader loader, MailRepositoryStore repositories) {
        this.mailboxManager = mailboxManager;
        this.loader = loader;
        this.repositories = repositories;
    }

    /** The mails in a mail repository, such as {@code memory://var/mail/chronos-push-failed/}. */
    public List<KeptMail> repository(String url) throws Exception {
        Optional<MailRepository> repository = repositories.get(MailRepositoryUrl.from(url));
        if (repository.isEmpty()) {
            return List.of();
        }
        List<KeptMail> mails = new ArrayList<>();
        Iterator<MailKey> keys = repository.get().list();
        while (keys.hasNext()) {
            Mail mail = repository.get().retrieve(keys.next());
            if (mail != null) {
                mails.add(new KeptMail(mail));
            }
        }
        return mails;
    }

    public Map<String, Long> messageCounts(String user) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        Map<String, Long> counts = new LinkedHashMap<>();
        List<MailboxMetaData> mailboxes = mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).build(), session)
            .collectList().block();
        for (MailboxMetaData mailbox : mailboxes) {
            counts.put(mailbox.getPath().getName(), mailboxManager.getMailbox(mailbox.getId(), session).getMessageCount(session));
        }
        return counts;
    }

    public List<byte[]> messages(String user, String mailbox) throws Exception {
        Username username = Username.of(user);
        MailboxSession session = mailboxManager.createSystemSession(username);
        MessageManager manager;
        try {
            manager = mailboxManager.getMailbox(MailboxPath.forUser(username, mailbox), session);
        } catch (MailboxNotFoundException e) {
            return List.of();
        }
        List<byte[]> messages = new ArrayList<>();
        Iterator<MessageResult> results = manager.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, session);
        while (results.hasNext()) {
            try (InputStream in = results.next().getFullContent().getInputStream()) {
                messages.add(in.readAllBytes());
            }
        }
        return messages;
    }

    public LoadedClass load(String className) throws Exception {
        Object instance = loader.instantiate(new ClassName(className));
        ClassLoader classLoader = instance.getClass().getClassLoader();
        return new LoadedClass(instance,
            classLoader instanceof URLClassLoader ? List.of(((URLClassLoader) classLoader).getURLs()) : List.of());
    }
}
