namespace Pilot.Server.Storage;

/// <summary>The request is valid but the object's state does not allow it (cancelling a finished job).</summary>
internal sealed class ConflictException(string message) : Exception(message);
