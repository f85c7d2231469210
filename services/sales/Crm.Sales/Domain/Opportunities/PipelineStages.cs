namespace Crm.Sales.Domain;

public sealed record PipelineStage(string Name, int Probability);

/// <summary>
/// The group's sales stages, in order, with the chance of winning at each (configurable through
/// <c>PUT /api/pipeline/stages</c>). Won and lost always close the list: every report relies on them.
/// </summary>
public sealed record PipelineStages(string Id, IReadOnlyList<PipelineStage> OpenStages)
{
    public const string DocumentId = "pipeline-stages";
    public const string Won = "won";
    public const string Lost = "lost";

    public static readonly PipelineStages Default = new(DocumentId,
    [
        new("prospecting", 10),
        new("qualification", 20),
        new("proposal", 50),
        new("negotiation", 75),
    ]);

    public IEnumerable<PipelineStage> All => OpenStages.Append(new(Won, 100)).Append(new(Lost, 0));

    public string First => OpenStages[0].Name;

    public bool IsOpenStage(string stage) => OpenStages.Any(s => s.Name == stage);

    /// <summary>The chance of winning, or null for a stage that was removed from the list since.</summary>
    public int? ProbabilityOf(string stage) => All.FirstOrDefault(s => s.Name == stage)?.Probability;

    public static bool IsFinal(string stage) => stage is Won or Lost;
}
