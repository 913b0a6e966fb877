package io.chronospush.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BlobStoreDAOContract;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.api.HashBlobId;
import org.apache.james.blob.api.ObjectNotFoundException;
import org.apache.james.blob.api.TestBlobId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** James's own contract of a {@link BlobStoreDAO}, and what two James nodes sharing the directory rely on. */
class DirectoryBlobStoreDAOTest implements BlobStoreDAOContract {
    private static final BucketName BUCKET = BucketName.of("default-bucket");

    @TempDir
    Path root;

    private DirectoryBlobStoreDAO dao;

    @BeforeEach
    void setUp() {
        dao = new DirectoryBlobStoreDAO(root, new TestBlobId.Factory());
    }

    @Override
    public BlobStoreDAO testee() {
        return dao;
    }

    @Test
    void aSecondInstanceOnTheSameDirectorySeesTheBlobsAndTheirDeletion() {
        HashBlobId.Factory ids = new HashBlobId.Factory();
        DirectoryBlobStoreDAO one = new DirectoryBlobStoreDAO(root, ids);
        DirectoryBlobStoreDAO other = new DirectoryBlobStoreDAO(root, ids);
        byte[] mail = "Subject: invite\r\n\r\nbody".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HashBlobId id = ids.forPayload(mail);

        one.save(BUCKET, id, mail).block();

        assertThat(other.readBytes(BUCKET, id).block()).isEqualTo(mail);
        assertThat(other.listBlobs(BUCKET).collectList().block()).containsExactly(id);
        other.delete(BUCKET, id).block();
        assertThatThrownBy(() -> one.readBytes(BUCKET, id).block()).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> one.read(BUCKET, id)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        dao.save(BUCKET, new TestBlobId("a"), new byte[] {1, 2, 3}).block();
        dao.save(BUCKET, new TestBlobId("a"), new byte[] {4}).block();

        try (var files = java.nio.file.Files.list(root.resolve(BUCKET.asString()))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("a");
        }
        assertThat(dao.readBytes(BUCKET, new TestBlobId("a")).block()).containsExactly(4);
    }
}
