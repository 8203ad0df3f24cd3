global using MaeRealtime.TestSupport;
global using Xunit;
