namespace Pilot.Server.Storage;

/// <summary>A job, pilot or lease the request named does not exist.</summary>
internal sealed class NotFoundException(string message) : Exception(message);
