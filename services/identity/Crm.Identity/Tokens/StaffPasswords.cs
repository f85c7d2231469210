using Microsoft.AspNetCore.Identity;

namespace Crm.Identity.Tokens;

// ASP.NET Core Identity's PBKDF2 hasher; its user argument is unused by the default
// implementation, so one instance serves every staff member.
public sealed class StaffPasswords
{
    private readonly PasswordHasher<StaffPasswords> _hasher = new();
    private readonly Lazy<string> _decoy;

    public StaffPasswords() => _decoy = new(() => Hash(Guid.NewGuid().ToString()));

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public bool Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(this, hash, password) != PasswordVerificationResult.Failed;

    // Spends the same time as a real check when the username is unknown, so the response time
    // does not tell an attacker which usernames exist.
    public void VerifyAgainstDecoy(string password) => Verify(_decoy.Value, password);
}
