using Pilot.AgentCli;

return await AgentCommandLine.InvokeAsync(args);
