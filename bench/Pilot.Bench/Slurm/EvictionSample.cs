namespace Pilot.Bench.Slurm;

/// <summary>What followed the site signal to a pilot batch job with payloads running.</summary>
/// <param name="Reported">Signal to every payload reported back to the server, none still running there.</param>
/// <param name="Evicted">Jobs back in the queue with the outcome <c>evicted</c>.</param>
/// <param name="Ended">Signal to Slurm listing the batch job as finished.</param>
/// <param name="LeftAtReport">Payload processes still alive when the last one was reported.</param>
/// <param name="LeftAtEnd">Payload processes still alive when the batch job had ended.</param>
internal sealed record EvictionSample(
    string BatchJobId, int Payloads, TimeSpan Reported, int Evicted, TimeSpan Ended, string SlurmEnd, int LeftAtReport, int LeftAtEnd);
