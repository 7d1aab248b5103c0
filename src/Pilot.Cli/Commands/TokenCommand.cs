using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot token create|list|revoke</c>: API tokens, managed with an admin token.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", "Manage API tokens (needs an admin token, e.g. the server's admin.token)");
        command.Subcommands.Add(CreateVerb());
        command.Subcommands.Add(ListVerb());
        command.Subcommands.Add(RevokeVerb());
        return command;
    }

    private static Command CreateVerb()
    {
        var role = new Option<TokenRole>("--role") { Description = "user: submit and manage own jobs; pilot: run an agent; admin: everything", Required = true };
        var name = new Option<string>("--name") { Description = "who the token is for; a user token's jobs are owned by this name", Required = true };
        var verb = new Command("create", "Create a token and print its secret (shown only this once)") { role, name };
        verb.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var created = await server.Api.CreateTokenAsync(new TokenRequest(parse.GetValue(name)!, parse.GetValue(role)), cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(created);
            }
            else
            {
                Console.Error.WriteLine($"token {created.Token.Id} for {created.Token.Name} ({created.Token.Role.ToString().ToLowerInvariant()}); copy it now, it is not shown again:");
                Console.WriteLine(created.Secret);
            }

            return 0;
        }));
        return verb;
    }

    private static Command ListVerb()
    {
        var verb = new Command("list", "List tokens (never their secrets)");
        verb.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var tokens = await server.Api.ListTokensAsync(cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(tokens);
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "NAME", "ROLE", "CREATED", "REVOKED");
            foreach (var token in tokens)
            {
                table.AddRow(
                    token.Id,
                    Markup.Escape(token.Name),
                    token.Role.ToString().ToLowerInvariant(),
                    token.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                    token.RevokedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "");
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return verb;
    }

    private static Command RevokeVerb()
    {
        var id = new Argument<string>("id") { Description = "token id, from 'pilot token list'" };
        var verb = new Command("revoke", "Revoke a token; requests with it are refused from now on") { id };
        verb.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            await server.Api.RevokeTokenAsync(parse.GetValue(id)!, cancellationToken);
            Console.WriteLine($"token {parse.GetValue(id)} revoked");
            return 0;
        }));
        return verb;
    }
}
