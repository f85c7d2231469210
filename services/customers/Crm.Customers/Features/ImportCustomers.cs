using System.Security.Cryptography;
using System.Text;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Registers customers from a CSV file. Every row is checked and errors are reported by row and
/// column; rows that look like customers of the branch or earlier rows of the file (same rules as
/// registration) are reported with those candidates and left out unless <c>?allowDuplicate=true</c>;
/// valid rows are registered once: a row's id is derived from its branch and content, so sending
/// the same file again registers nothing new.
/// </summary>
public static class ImportCustomersEndpoint
{
    public sealed record RowError(int Row, string Column, string Message);

    /// <summary>A row not imported because it looks like customers already in the branch or earlier rows of the file.</summary>
    public sealed record DuplicateRow(int Row, IReadOnlyList<ImportCandidate> Candidates);

    /// <summary>A customer a row looks like; <c>Row</c> is set when it is an earlier row of the same file.</summary>
    public sealed record ImportCandidate(Guid Id, string Name, IReadOnlyList<string> Matched, int? Row);

    public sealed record Report(int Imported, int AlreadyImported, IReadOnlyList<Guid> Ids, IReadOnlyList<RowError> Errors, IReadOnlyList<DuplicateRow> Duplicates);

    private static readonly string[] Columns = ["name", "category", "grade", "ownerId", "taxId", "phones", "emails", "addresses", "website", "needs", "painPoints", "competitors", "registeredAt"];
    private const int MaxRows = 5000;

    public static void MapImportCustomers(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/import", Handle).WithName("ImportCustomers").Accepts<string>("text/csv")
            .Writes<Report>("Registers the valid, new rows of a CSV file once; reports bad rows and look-alikes by row");

    /// <param name="allowDuplicate">Imports rows even when they look like customers of the branch or earlier rows of the file.</param>
    private static async Task<IResult> Handle(string? branch, bool? allowDuplicate, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var importer = ImportClients.IsImporter(http.User);
        if (!CustomerAccess.MayRegister(caller, importer)) return CustomerAccess.MayNotRegister(caller);
        var target = caller.IsGroupLevel ? branch : branch ?? caller.Branch;
        if (target is null || !RegisterCustomerEndpoint.BranchCode().IsMatch(target))
            return new ValidationErrors().Add("branch", "'branch' names the branch to import into.").ToProblem();
        if (!caller.IsGroupLevel && target != caller.Branch) return AccessProblems.Forbidden("Customers can only be imported into your own branch.");

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var records = Csv.Read(await reader.ReadToEndAsync(ct)).ToList();
        var header = records.FirstOrDefault().Fields ?? [];
        var unknown = header.Where(h => !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        var headerErrors = new ValidationErrors();
        if (!header.Any(h => h.Trim().Equals("name", StringComparison.OrdinalIgnoreCase)) || !header.Any(h => h.Trim().Equals("category", StringComparison.OrdinalIgnoreCase)))
            headerErrors.Add("file", "The first row names the columns; 'name' and 'category' are required.");
        if (unknown.Count > 0) headerErrors.Add("file", $"Unknown columns: {string.Join(", ", unknown)}. Known: {string.Join(", ", Columns)}.");
        if (!importer && header.Any(h => h.Trim().Equals("registeredAt", StringComparison.OrdinalIgnoreCase)))
            headerErrors.Add("registeredAt", $"Only an import client ({ImportClients.Scope}) may give registration times; leave the 'registeredAt' column out.");
        if (records.Count - 1 > MaxRows) headerErrors.Add("file", $"At most {MaxRows} rows per file.");
        if (headerErrors.Any) return headerErrors.ToProblem();

        var categories = await CustomerCategorySettings.LoadAsync(store, ct);
        var now = time.GetUtcNow();
        var errors = new List<RowError>();
        var valid = new List<(int Line, RegisterCustomer Command)>();
        foreach (var (line, fields) in records.Skip(1))
        {
            var row = ImportRow.Parse(header, fields);
            var rowErrors = row.Validate(categories, caller, now);
            if (rowErrors.Count > 0) { errors.AddRange(rowErrors.Select(e => new RowError(line, e.Column, e.Message))); continue; }
            var id = DeterministicId(target, header, fields);
            var owner = caller.Role == Roles.SalesRep ? caller.StaffId : row.OwnerId;
            valid.Add((line, new RegisterCustomer(id, target, row.Name!, row.Category!, owner, row.RegisteredAt ?? now) { Grade = row.Grade, Details = row.Details }));
        }

        await using var session = sessions.ForBranch(target);
        var existing = (await session.LoadManyAsync<Customer>(ct, valid.Select(v => v.Command.CustomerId).Distinct())).Select(c => c.Id).ToHashSet();
        var (accepted, duplicates) = allowDuplicate == true
            ? (valid.Where(v => !existing.Contains(v.Command.CustomerId)).ToList(), [])
            : await SetDuplicatesAsideAsync(store, target, valid, existing, ct);
        var imported = new HashSet<Guid>();
        foreach (var (_, command) in accepted)
            if (imported.Add(command.CustomerId)) session.Events.StartStream<Customer>(command.CustomerId, CustomerDecider.Register(command));
        await session.SaveChangesAsync(ct);

        return Results.Ok(new Report(imported.Count, existing.Count, [.. existing.Concat(imported)], errors, duplicates));
    }

    /// <summary>
    /// The same check as registering one customer, for every row not imported before: a row that
    /// looks like a live customer of the branch, or like an earlier row of this file that is being
    /// imported, is reported with those candidates instead of imported.
    /// </summary>
    private static async Task<(List<(int Line, RegisterCustomer Command)> Accepted, List<DuplicateRow> Duplicates)> SetDuplicatesAsideAsync(
        IDocumentStore store, string branch, List<(int Line, RegisterCustomer Command)> valid, HashSet<Guid> existing, CancellationToken ct)
    {
        var fresh = valid.Where(v => !existing.Contains(v.Command.CustomerId))
            .Select(v => (v.Line, v.Command, Probe: DuplicateProbe.Of(v.Command.Name, v.Command.Details))).ToList();
        var inBranch = await DuplicateSearch.FindAnyAsync(store, branch, [.. fresh.Select(f => f.Probe)], ct);

        var accepted = new List<(int Line, RegisterCustomer Command, DuplicateProbe Probe)>();
        var duplicates = new List<DuplicateRow>();
        foreach (var row in fresh)
        {
            var candidates = accepted
                .Select(a => (a.Line, a.Command, Matched: row.Probe.Matched(a.Probe))).Where(a => a.Matched.Count > 0)
                .Select(a => new ImportCandidate(a.Command.CustomerId, a.Command.Name.Trim(), a.Matched, a.Line))
                .Concat(inBranch.Where(c => c.Id != row.Command.CustomerId)
                    .Select(c => (Customer: c, Matched: row.Probe.Matched(c))).Where(c => c.Matched.Count > 0)
                    .Select(c => new ImportCandidate(c.Customer.Id, c.Customer.Name, c.Matched, null)))
                .DistinctBy(c => c.Id)
                .ToList();
            if (candidates.Count > 0) duplicates.Add(new DuplicateRow(row.Line, candidates));
            else accepted.Add(row);
        }
        return ([.. accepted.Select(a => (a.Line, a.Command))], duplicates);
    }

    /// <summary>A name-based (v8) UUID of the branch and the row's content: the same row always gets the same customer id.</summary>
    private static Guid DeterministicId(string branch, List<string> header, List<string> fields)
    {
        var content = string.Join('\u001f', header.Zip(fields).OrderBy(p => p.First.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(p => $"{p.First.Trim().ToLowerInvariant()}={p.Second.Trim()}"));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"crm-customer-import\u001f{branch}\u001f{content}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
