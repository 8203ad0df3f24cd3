using MaeRealtime.Editor.Cli;

return CliApp.Run(args);
