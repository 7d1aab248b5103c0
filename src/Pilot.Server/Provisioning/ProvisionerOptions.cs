using System.ComponentModel.DataAnnotations;

namespace Pilot.Server.Provisioning;

/// <summary>
/// Section <c>Pilot:Provisioner</c>: which queues the server keeps supplied with pilots by submitting Slurm batch jobs,
/// as Harvester does for PanDA. Empty <see cref="Queues"/> submits nothing.
/// </summary>
public sealed class ProvisionerOptions : IValidatableObject
{
    public const string SectionName = "Pilot:Provisioner";

    /// <summary>How often queued work is compared with what pilots can take and pilot jobs are checked in Slurm.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long new pilot jobs stay off a node whose pilot judged it broken (<c>sbatch --exclude</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan AvoidBrokenNodesFor { get; set; } = TimeSpan.FromDays(1);

    public List<ProvisionedQueueOptions> Queues { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Queues.Count; i++)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(Queues[i], new ValidationContext(Queues[i]), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"Pilot:Provisioner:Queues:{i}: {result.ErrorMessage}", result.MemberNames);
            }
        }
    }
}
