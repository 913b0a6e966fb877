package io.chronospush.embedded;

import java.io.InputStream;
import java.util.Collection;
import java.util.function.Supplier;

import javax.inject.Singleton;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.memory.MemoryBlobStoreDAO;
import org.reactivestreams.Publisher;

import com.google.common.io.ByteSource;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The memory server's blob store, James 3.8.1's {@link MemoryBlobStoreDAO}, with each call under
 * one lock. That class writes under its lock but reads without it (a Guava {@code HashBasedTable},
 * not thread-safe): under load a read can miss a blob just written, and James's RabbitMQ queue then
 * drops the mail ({@code Fail to load mail ... as underlying blobs do not exist. Discarding this
 * message}). Its calls complete when subscribed, in the subscriber's thread, so holding the lock
 * around the subscription holds it for the whole call.
 */
public final class LockedMemoryBlobStoreDAO implements BlobStoreDAO {
    private final MemoryBlobStoreDAO memory = new MemoryBlobStoreDAO();
    private final Object lock = new Object();

    /** Overrides the memory server's blob store with this one. */
    public static Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            BlobStoreDAO blobStoreDao() {
                return new LockedMemoryBlobStoreDAO();
            }
        };
    }

    private <T> Mono<T> locked(Supplier<Publisher<T>> call) {
        return Mono.fromCallable(() -> {
            synchronized (lock) {
                return Mono.from(call.get()).block();
            }
        });
    }

    private <T> Flux<T> lockedAll(Supplier<Publisher<T>> call) {
        return Mono.fromCallable(() -> {
            synchronized (lock) {
                return Flux.from(call.get()).collectList().block();
            }
        }).flatMapMany(Flux::fromIterable);
    }

    @Override
    public InputStream read(BucketName bucketName, BlobId blobId) {
        synchronized (lock) {
            return memory.read(bucketName, blobId);
        }
    }

    @Override
    public Mono<InputStream> readReactive(BucketName bucketName, BlobId blobId) {
        return locked(() -> memory.readReactive(bucketName, blobId));
    }

    @Override
    public Mono<byte[]> readBytes(BucketName bucketName, BlobId blobId) {
        return locked(() -> memory.readBytes(bucketName, blobId));
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, byte[] data) {
        return locked(() -> memory.save(bucketName, blobId, data));
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, InputStream inputStream) {
        return locked(() -> memory.save(bucketName, blobId, inputStream));
    }

    @Override
    public Mono<Void> save(BucketName bucketName, BlobId blobId, ByteSource content) {
        return locked(() -> memory.save(bucketName, blobId, content));
    }

    @Override
    public Mono<Void> delete(BucketName bucketName, BlobId blobId) {
        return locked(() -> memory.delete(bucketName, blobId));
    }

    @Override
    public Mono<Void> delete(BucketName bucketName, Collection<BlobId> blobIds) {
        return locked(() -> memory.delete(bucketName, blobIds));
    }

    @Override
    public Mono<Void> deleteBucket(BucketName bucketName) {
        return locked(() -> memory.deleteBucket(bucketName));
    }

    @Override
    public Flux<BucketName> listBuckets() {
        return lockedAll(memory::listBuckets);
    }

    @Override
    public Flux<BlobId> listBlobs(BucketName bucketName) {
        return lockedAll(() -> memory.listBlobs(bucketName));
    }
}
