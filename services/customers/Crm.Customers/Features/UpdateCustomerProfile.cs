using System.Text.Json;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Edits a customer's profile as a JSON merge patch: members left out stay as they are, <c>null</c>
/// clears an optional one. Owner, grade and branch have commands of their own.
/// </summary>
public static class UpdateCustomerProfileEndpoint
{
    private static readonly string[] TextFields = ["taxId", "website", "needs", "painPoints", "competitors"];
    private static readonly string[] ListFields = ["phones", "emails", "addresses"];
    private static readonly Dictionary<string, string> OwnCommands = new(StringComparer.Ordinal)
    {
        ["ownerId"] = "POST /api/customers/{id}/owner", ["grade"] = "POST /api/customers/{id}/grade",
        ["branch"] = "POST /api/customers/{id}/transfer", ["status"] = "POST /api/customers/{id}/archive or /restore",
    };

    public static void MapUpdateCustomerProfile(this IEndpointRouteBuilder app) =>
        app.MapPatch("/api/customers/{id:guid}", Handle).WithName("UpdateCustomerProfile")
            .ChangesCustomer("Edits the profile as a JSON merge patch");

    private static async Task<IResult> Handle(Guid id, JsonElement patch, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (patch.ValueKind != JsonValueKind.Object) return errors.Add("body", "The body is a JSON object of the fields to change.").ToProblem();

        var texts = new Dictionary<string, Optional<string>>(StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string? name = null, category = null;
        foreach (var member in patch.EnumerateObject())
        {
            var value = member.Value;
            if (OwnCommands.TryGetValue(member.Name, out var command)) errors.Add(member.Name, $"'{member.Name}' is changed with {command}.");
            else if (member.Name is "name" or "category")
            {
                if (value.ValueKind != JsonValueKind.String) errors.Add(member.Name, $"'{member.Name}' is required text.");
                else if (member.Name == "name") name = value.GetString();
                else category = value.GetString();
            }
            else if (TextFields.Contains(member.Name))
            {
                if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null) texts[member.Name] = new(value.GetString());
                else errors.Add(member.Name, $"'{member.Name}' is text or null.");
            }
            else if (ListFields.Contains(member.Name))
            {
                if (value.ValueKind == JsonValueKind.Null) lists[member.Name] = [];
                else if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                    lists[member.Name] = [.. value.EnumerateArray().Select(v => v.GetString()!)];
                else errors.Add(member.Name, $"'{member.Name}' is a list of text.");
            }
            else errors.Add(member.Name, $"'{member.Name}' is not a customer field.");
        }
        if (name is not null) errors.RequireText("name", name, CustomerFields.NameLength);
        if (category is not null) errors.Category(category, await CustomerCategorySettings.LoadAsync(store, ct));
        foreach (var (field, text) in texts) errors.Optional(field, text.Value, field is "taxId" ? 50 : field is "website" ? 500 : CustomerFields.LongText);
        foreach (var (field, items) in lists) errors.Items(field, items);
        if (errors.Any) return errors.ToProblem();

        var update = new UpdateProfile(name, category, Text("taxId"), List("phones"), List("emails"), List("addresses"),
            Text("website"), Text("needs"), Text("painPoints"), Text("competitors"), time.GetUtcNow());
        return await CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayEdit,
            "Service agents read customers; they do not edit them.", c => CustomerDecider.UpdateProfile(c, update), ct);

        Optional<string>? Text(string field) => texts.TryGetValue(field, out var v) ? v : null;
        IReadOnlyList<string>? List(string field) => lists.GetValueOrDefault(field);
    }
}
