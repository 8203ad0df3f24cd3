using MaeRealtime.Viewer;

return ViewerApp.Run(args, Console.Out, Console.Error);
