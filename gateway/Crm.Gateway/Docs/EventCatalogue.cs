using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Xml.Linq;
using Crm.Contracts;

namespace Crm.Gateway.Docs;

/// <summary>
/// <c>/docs/asyncapi.json</c>: every public integration event as an AsyncAPI 3.0 document, built from
/// the contract records themselves (their JSON schema as published, their documentation comments),
/// so ERP, BI and marketing subscribers read the same catalogue the services publish from and it
/// cannot drift from the code.
/// </summary>
public static class EventCatalogue
{
    public const string Exchange = "crm.events";

    /// <summary>The contract JSON as it goes on the wire: camelCase, nulls left out, money as numbers.</summary>
    private static readonly JsonSerializerOptions Wire = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly Lazy<string> Document = new(() => Build().ToJsonString());

    public static IEndpointRouteBuilder MapEventCatalogue(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/docs/asyncapi.json", () => TypedResults.Text(Document.Value, "application/json"))
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>Every type of the contracts assembly that carries <see cref="IntegrationEventAttribute"/>.</summary>
    public static IReadOnlyList<(Type Contract, IntegrationEventAttribute Event)> Events { get; } =
        [.. typeof(IntegrationEventAttribute).Assembly.GetTypes()
            .Select(type => (Contract: type, Event: type.GetCustomAttribute<IntegrationEventAttribute>()!))
            .Where(pair => pair.Event is not null)
            .OrderBy(pair => pair.Event.RoutingKey, StringComparer.Ordinal)];

    public static JsonObject Build()
    {
        var summaries = Summaries();
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        foreach (var (contract, e) in Events)
        {
            var key = e.RoutingKey;
            var summary = summaries.GetValueOrDefault("T:" + contract.FullName) ?? contract.Name;
            messages[key] = new JsonObject
            {
                ["name"] = contract.Name,
                ["title"] = key,
                ["summary"] = summary,
                ["contentType"] = "application/json",
                ["headers"] = new JsonObject { ["$ref"] = "#/components/schemas/headers" },
                ["payload"] = OmittedNullsNotRequired(Wire.GetJsonSchemaAsNode(contract, SchemaOptions)),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject { ["contentEncoding"] = "utf-8", ["messageType"] = e.CloudEventType, ["bindingVersion"] = "0.3.0" },
                },
            };
            channels[key] = new JsonObject
            {
                ["address"] = key,
                ["title"] = $"{key} (routing key on the {Exchange} topic exchange)",
                ["messages"] = new JsonObject { [contract.Name] = new JsonObject { ["$ref"] = $"#/components/messages/{key}" } },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject { ["name"] = Exchange, ["type"] = "topic", ["durable"] = true, ["autoDelete"] = false, ["vhost"] = "/" },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };
            operations[$"publish {key}"] = new JsonObject
            {
                ["action"] = "send",
                ["title"] = $"The {e.Service} service publishes {e.Name}",
                ["channel"] = new JsonObject { ["$ref"] = $"#/channels/{key}" },
                ["messages"] = new JsonArray(new JsonObject { ["$ref"] = $"#/channels/{key}/messages/{contract.Name}" }),
            };
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "CRM integration events",
                ["version"] = "1",
                ["description"] = $"Every public domain event of the CRM, published as plain camelCase JSON on the RabbitMQ topic exchange `{Exchange}` "
                    + "with routing key `<service>.<event>`. Bind a queue of your own (e.g. `customers.#`, `sales.order-*`), dedupe on `ce-id` "
                    + "(delivery is at least once) and order per record by `crm-position`. Within a version only additive changes are made; "
                    + "a breaking change gets a new type (`.v2`).",
            },
            ["defaultContentType"] = "application/json",
            ["servers"] = new JsonObject
            {
                ["rabbitmq"] = new JsonObject
                {
                    ["host"] = "localhost:5682",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0-9-1",
                    ["description"] = "The broker `./deploy/crm up` starts; in a deployment, the group's RabbitMQ.",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject
            {
                ["messages"] = messages,
                ["schemas"] = new JsonObject { ["headers"] = Headers() },
            },
        };
    }

    private static readonly JsonSchemaExporterOptions SchemaOptions = new() { TreatNullObliviousAsNonNullable = true };

    /// <summary>
    /// Null fields are left out of the JSON (not sent as <c>null</c>), so a nullable field is never
    /// required, however the record declares it.
    /// </summary>
    private static JsonNode OmittedNullsNotRequired(JsonNode schema)
    {
        if (schema is not JsonObject node) return schema;
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (_, property) in properties)
                if (property is not null) OmittedNullsNotRequired(property);
            if (node["required"] is JsonArray required)
            {
                var kept = required.Select(r => r!.GetValue<string>())
                    .Where(name => !(properties[name]?["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null")))
                    .ToList();
                node["required"] = new JsonArray([.. kept.Select(name => (JsonNode)name)]);
            }
        }
        if (node["items"] is JsonNode items) OmittedNullsNotRequired(items);
        return node;
    }

    private static JsonObject Headers()
    {
        static JsonObject Text(string description, string? format = null)
        {
            var header = new JsonObject { ["type"] = "string", ["description"] = description };
            if (format is not null) header["format"] = format;
            return header;
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("ce-id", "ce-type", "ce-source", "ce-time", "ce-subject", "ce-specversion", "crm-position"),
            ["properties"] = new JsonObject
            {
                ["ce-id"] = Text("The event's id (the stored event's id): dedupe on it, delivery is at least once.", "uuid"),
                ["ce-type"] = Text("crm.<service>.<event>.v<version>"),
                ["ce-source"] = Text("/crm/<service>"),
                ["ce-time"] = Text("When the event was stored (UTC); business times are in the body.", "date-time"),
                ["ce-subject"] = Text("The id of the record the event is about.", "uuid"),
                ["ce-specversion"] = Text("CloudEvents spec version: 1.0"),
                ["crm-branch"] = Text("The branch code the record belongs to (absent for group-level records)."),
                ["crm-position"] = new JsonObject { ["type"] = "integer", ["description"] = "The event's position in its service's event store: ordered, for catch-up." },
                ["crm-correlation-id"] = Text("The request that caused the event."),
            },
        };
    }

    /// <summary>The contracts' documentation comments (<c>T:Full.Name</c> -> summary), when the XML file ships beside the assembly.</summary>
    private static Dictionary<string, string> Summaries()
    {
        var path = Path.ChangeExtension(typeof(IntegrationEventAttribute).Assembly.Location, ".xml");
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name")?.Value.StartsWith("T:", StringComparison.Ordinal) == true && m.Element("summary") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => Flatten(m.Element("summary")!), StringComparer.Ordinal);
    }

    private static string Flatten(XElement summary) =>
        string.Join(' ', string.Concat(summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement { Name.LocalName: "see" } see => $"`{(see.Attribute("cref")?.Value ?? see.Value).Split('.').Last()}`",
            XElement other => other.Value,
            _ => "",
        })).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
