using Crm.Customers.Domain;
using Marten;
using System.Text;
using Marten.Schema;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Crm.Customers.Features;

/// <summary>
/// How customer documents are stored so the list, the search and the look-alike checks are index
/// reads, not scans of every customer (100,000 and more).
/// </summary>
public static class CustomerStorage
{
    /// <summary>The search's pieces (SearchKeys.Grams), GIN indexed: "has every piece of the search" is <c>@&gt;</c>.</summary>
    public const string SearchGramsColumn = "search_grams";

    /// <summary>
    /// The normalised texts the exact check of a search reads (SearchKeys.Text), in a column of its own
    /// (not indexed): a short text read without parsing the document.
    /// </summary>
    public const string SearchTextColumn = "search_text";

    /// <summary>Normalised phones and emails (DuplicateKeys), GIN indexed for the look-alike checks.</summary>
    public const string PhoneKeysColumn = "phone_keys", EmailKeysColumn = "email_keys";

    public static void StoreCustomers(this StoreOptions opts)
    {
        // The list sorts by name or registration time and stops after a page: with these the database walks
        // the index instead of sorting every customer of the group. Every registration looks for look-alikes
        // by normalised name and tax id (btree) and by phone and email (GIN on the arrays of their keys).
        opts.Schema.For<Customer>().MultiTenanted()
            .Index(c => c.Name).Index(c => c.RegisteredAt).Index(c => c.NameKey).Index(c => c.TaxIdKey)
            .Duplicate(c => c.PhoneKeys, pgType: "text[]", dbType: NpgsqlDbType.Array | NpgsqlDbType.Text, configure: Gin)
            .Duplicate(c => c.EmailKeys, pgType: "text[]", dbType: NpgsqlDbType.Array | NpgsqlDbType.Text, configure: Gin)
            .Duplicate(c => c.SearchGrams, pgType: "text[]", dbType: NpgsqlDbType.Array | NpgsqlDbType.Text, configure: Gin);
        // Duplicated without an index (a btree could not hold long texts and the GIN does the narrowing).
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(Customer)) mapping.DuplicateField(nameof(Customer.SearchText), pgType: "text");
        });
    }

    private static void Gin(DocumentIndex index) => index.Method = IndexMethod.gin;
}

/// <summary>
/// Gives customers stored before the search and look-alike columns existed their keys, once, at
/// start-up and before the service answers: Marten fills duplicated columns on writes only, and a
/// customer without them would be missing from searches and look-alike checks. Only rows whose
/// search pieces are still empty are touched, and each only while they still are, so it is
/// idempotent and never overwrites a customer written meanwhile (that write brought its own keys).
/// </summary>
public sealed class CustomerKeysBackfill(IDocumentStore store, ILogger<CustomerKeysBackfill> logger) : IHostedService
{
    private const int BatchSize = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(Customer), cancellationToken);
        var table = store.Options.FindOrResolveDocumentType(typeof(Customer)).TableName.QualifiedName;
        var serializer = store.Options.Serializer();

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var filled = 0;
        var (afterTenant, afterId) = ("", Guid.Empty);
        while (true)
        {
            // In primary key order from where the last batch ended: each row is read once, not rescanned per batch.
            var missing = new List<(Guid Id, string Tenant, Customer Customer)>();
            await using (var select = new NpgsqlCommand(
                $"select id, tenant_id, data::text from {table} where {CustomerStorage.SearchGramsColumn} is null " +
                $"and (tenant_id, id) > ($1, $2) order by tenant_id, id limit {BatchSize}", connection)
                {
                    Parameters = { new() { Value = afterTenant }, new() { Value = afterId } },
                })
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    await using var json = new MemoryStream(Encoding.UTF8.GetBytes(reader.GetString(2)));
                    missing.Add((reader.GetGuid(0), reader.GetString(1), serializer.FromJson<Customer>(json)));
                }
            }
            if (missing.Count == 0) break;
            (afterTenant, afterId) = (missing[^1].Tenant, missing[^1].Id);

            await using var batch = new NpgsqlBatch(connection);
            foreach (var (id, tenant, customer) in missing)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"update {table} set {CustomerStorage.SearchGramsColumn} = $1, {CustomerStorage.PhoneKeysColumn} = $2, " +
                    $"{CustomerStorage.EmailKeysColumn} = $3, {CustomerStorage.SearchTextColumn} = $4 " +
                    $"where id = $5 and tenant_id = $6 and {CustomerStorage.SearchGramsColumn} is null")
                {
                    Parameters =
                    {
                        new() { Value = customer.SearchGrams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new() { Value = customer.PhoneKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new() { Value = customer.EmailKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new() { Value = customer.SearchText },
                        new() { Value = id },
                        new() { Value = tenant },
                    },
                });
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            filled += missing.Count;
        }
        if (filled > 0) logger.LogInformation("Gave {Count} stored customers their search and look-alike keys", filled);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
