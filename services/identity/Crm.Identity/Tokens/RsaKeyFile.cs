using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Identity.Tokens;

// Keys live in files so every instance (and every restart) signs with the same key and the
// tokens already handed out stay valid; an ephemeral key would log everybody out on restart.
public static class RsaKeyFile
{
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
            TryCreate(path);

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        var key = new RsaSecurityKey(rsa);
        // A kid derived from the key itself is the same on every instance that shares the file.
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var rsa = RSA.Create(2048);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path: temp, options))
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());

        try
        {
            // The move is atomic: an instance starting at the same moment reads either no file or a whole one.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }
}
