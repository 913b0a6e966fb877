package io.chronospush.embedded;

import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BlobStoreDAOContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;

/** James's own contract of a {@link BlobStoreDAO}: the lock changes nothing of what the memory store does. */
class LockedMemoryBlobStoreDAOTest implements BlobStoreDAOContract {
    private LockedMemoryBlobStoreDAO dao;

    @BeforeEach
    void setUp() {
        dao = new LockedMemoryBlobStoreDAO();
    }

    @Override
    public BlobStoreDAO testee() {
        return dao;
    }

    /** As in James's own {@code MemoryBlobStoreDAOTest}: the memory store has no bucket without a blob. */
    @Override
    @Disabled("Not supported by James's MemoryBlobStoreDAO")
    public void listBucketsShouldReturnBucketsWithNoBlob() {
    }
}
