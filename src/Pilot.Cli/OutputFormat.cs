namespace Pilot.Cli;

internal enum OutputFormat
{
    Table,
    Json,
}
