using Pilot.Cli;

return await PilotCommandLine.InvokeAsync(args);
