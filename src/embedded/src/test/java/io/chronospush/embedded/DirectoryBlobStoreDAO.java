package io.chronospush.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import javax.inject.Singleton;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.api.ObjectNotFoundException;
import org.apache.james.blob.api.ObjectStoreIOException;

import com.google.common.io.ByteSource;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James 3.8.1's {@link BlobStoreDAO} over one directory, {@code <root>/<bucket>/<blobId>}, that
 * several James JVMs on one machine can share: the stand-in for S3 (distributed James's blob
 * store) when two nodes must read each other's mails from a RabbitMQ queue. A blob is written to a
 * temporary file next to its place and moved in atomically, so a reader never sees half a blob,
 * and a save whose content fails to read leaves what was there. The memory server's blob ids are
 * content hashes, so two nodes writing one id write the same bytes.
 */
public final class DirectoryBlobStoreDAO implements BlobStoreDAO {
    private static final String TEMPORARY = ".tmp-";

    private final Path root;
    private final BlobId.Factory blobIdFactory;

    public DirectoryBlobStoreDAO(Path root, BlobId.Factory blobIdFactory) {
        this.root = root;
        this.blobIdFactory = blobIdFactory;
    }

    /** Overrides the memory server's blob store (its {@code MemoryBlobStoreDAO}) with one over {@code root}. */
    public static Module module(Path root) {
        return new AbstractModule() {
            @Provides
            @Singleton
            BlobStoreDAO blobStoreDao(BlobId.Factory blobIdFactory) {
                return new DirectoryBlobStoreDAO(root, blobIdFactory);
            }
        };
    }

    private Path bucket(BucketName bucketName) {
        return root.resolve(bucketName.asString());
    }

    private Path path(BucketName bucketName, BlobId blobId) {
        return bucket(bucketName).resolve(blobId.asString());
    }

    private static ObjectNotFoundException notFound(BucketName bucketName, BlobId blobId) {
        return new ObjectNotFoundException("no blob " + blobId.asString() + " in bucket " + bucketName.asString());
    }

    @Override
    public InputStream read(BucketName bucketName, BlobId blobId) {
        try {
            return Files.newInputStream(path(bucketName, blobId));
        } catch (NoSuchFileException e) {
            throw notFound(bucketName, blobId);
        } catch (IOException e) {
            throw new ObjectStoreIOException("cannot read blob " + blobId.asString(), e);
        }
    }

    @Override
    public Mono<InputStream> readReactive(BucketName bucketName, BlobId blobId) {
        return Mono.fromCallable(() -> read(bucketName, blobId)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<byte[]> readBytes(BucketName bucketName, BlobId blobId) {
        return Mono.fromCallable(() -> {
            try {
                return Files.readAllBytes(path(bucketName, blobId));
            } catch (NoSuchFileException e) {
                throw notFound(bucketName, blobId);
            } catch (IOException e) {
                throw new ObjectStoreIOException("cannot read blob " + blobId.asString(), e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, byte[] data) {
        Objects.requireNonNull(data);
        return Mono.<Void>fromRunnable(() -> write(bucketName, blobId, data)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, InputStream inputStream) {
        Objects.requireNonNull(inputStream);
        return Mono.fromCallable(() -> readContent(inputStream::readAllBytes, blobId))
            .flatMap(bytes -> save(bucketName, blobId, bytes))
            .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, ByteSource content) {
        Objects.requireNonNull(content);
        return Mono.fromCallable(() -> readContent(content::read, blobId))
            .flatMap(bytes -> save(bucketName, blobId, bytes))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private interface Content {
        byte[] read() throws IOException;
    }

    /** The whole content, before anything is written: a content that fails to read leaves the blob as it was. */
    private static byte[] readContent(Content content, BlobId blobId) {
        try {
            return content.read();
        } catch (IOException e) {
            throw new ObjectStoreIOException("cannot read the content of blob " + blobId.asString(), e);
        }
    }

    private void write(BucketName bucketName, BlobId blobId, byte[] data) {
        Path target = path(bucketName, blobId);
        Path temporary = target.resolveSibling(TEMPORARY + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Files.write(temporary, data);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleaning) {
                e.addSuppressed(cleaning);
            }
            throw new ObjectStoreIOException("cannot write blob " + blobId.asString(), e);
        }
    }

    @Override
    public Mono<Void> delete(BucketName bucketName, BlobId blobId) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                Files.deleteIfExists(path(bucketName, blobId));
            } catch (IOException e) {
                throw new ObjectStoreIOException("cannot delete blob " + blobId.asString(), e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> delete(BucketName bucketName, Collection<BlobId> blobIds) {
        return Flux.fromIterable(blobIds).concatMap(blobId -> delete(bucketName, blobId)).then();
    }

    @Override
    public Mono<Void> deleteBucket(BucketName bucketName) {
        return Mono.<Void>fromRunnable(() -> {
            Path bucket = bucket(bucketName);
            if (!Files.isDirectory(bucket)) {
                return;
            }
            try (Stream<Path> files = Files.list(bucket)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(bucket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<BucketName> listBuckets() {
        return Flux.defer(() -> Flux.fromIterable(list(root, Files::isDirectory)))
            .map(directory -> BucketName.of(directory.getFileName().toString()))
            .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<BlobId> listBlobs(BucketName bucketName) {
        return Flux.defer(() -> Flux.fromIterable(list(bucket(bucketName),
                file -> Files.isRegularFile(file) && !file.getFileName().toString().startsWith(TEMPORARY))))
            .map(file -> blobIdFactory.from(file.getFileName().toString()))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private static List<Path> list(Path directory, java.util.function.Predicate<Path> filter) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(filter).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
