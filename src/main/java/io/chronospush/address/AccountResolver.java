package io.chronospush.address;

import org.apache.james.core.MailAddress;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a recipient into the James account name the notification's {@code user} carries:
 * the full address with virtual hosting (James's default), the local part without.
 */
@FunctionalInterface
public interface AccountResolver {
    String accountOf(MailAddress recipient);

    /** Without a {@link UsersRepository} (no Guice), the account is the full address, as with virtual hosting. */
    static AccountResolver fullAddress() {
        return MailAddress::asString;
    }

    static AccountResolver using(UsersRepository usersRepository) {
        return new UsersRepositoryAccounts(usersRepository);
    }

    /** James's own rule, {@link UsersRepository#getUsername}; the full address when the repository fails. */
    final class UsersRepositoryAccounts implements AccountResolver {
        private static final Logger LOGGER = LoggerFactory.getLogger(AccountResolver.class);

        private final UsersRepository usersRepository;

        private UsersRepositoryAccounts(UsersRepository usersRepository) {
            this.usersRepository = usersRepository;
        }

        @Override
        public String accountOf(MailAddress recipient) {
            try {
                return usersRepository.getUsername(recipient).asString();
            } catch (UsersRepositoryException e) {
                LOGGER.warn("Could not ask the users repository for the account of {}; using the full address", recipient, e);
                return recipient.asString();
            }
        }
    }
}
