using Crm.Identity.Tokens;

namespace Crm.Identity.Tests;

public class CredentialTests
{
    private static IntegrationClients AClient(string id = "erp", string secret = "s3cret", params string[] scopes) =>
        new([new IntegrationClientSettings { ClientId = id, ClientSecret = secret, Scopes = scopes }]);

    [Fact]
    public void A_client_with_its_secret_is_authenticated() =>
        Assert.Equal("erp", AClient(scopes: "crm.import").Authenticate("erp", "s3cret")?.ClientId);

    [Fact]
    public void A_wrong_secret_is_refused() => Assert.Null(AClient().Authenticate("erp", "S3cret"));

    [Fact]
    public void An_unknown_client_is_refused() => Assert.Null(AClient().Authenticate("bi", "s3cret"));

    [Fact]
    public void A_client_without_a_secret_is_ignored() => Assert.False(AClient(secret: "").IsKnown("erp"));

    [Fact]
    public void A_password_verifies_against_its_hash_only()
    {
        var passwords = new StaffPasswords();
        var hash = passwords.Hash("correct horse");

        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.True(passwords.Verify(hash, "correct horse"));
        Assert.False(passwords.Verify(hash, "correct horse "));
    }

    [Fact]
    public void A_missing_key_file_is_created_owner_only_and_reloads_as_the_same_key()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-key-{Guid.NewGuid():N}", "signing-key.pem");
        try
        {
            var created = RsaKeyFile.LoadOrCreate(path);
            var loaded = RsaKeyFile.LoadOrCreate(path);

            Assert.Equal(created.KeyId, loaded.KeyId);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
