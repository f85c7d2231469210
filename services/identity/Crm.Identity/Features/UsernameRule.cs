using System.Text.RegularExpressions;

namespace Crm.Identity.Features;

/// <summary>Usernames go into tokens, logs and URLs: plain lower-case words keep them safe everywhere.</summary>
internal static partial class UsernameRule
{
    public const string Description = "'username' is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.";

    public static bool IsValid(string normalized) => Pattern().IsMatch(normalized);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
