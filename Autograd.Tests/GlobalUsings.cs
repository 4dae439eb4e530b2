global using NUnit.Framework;
global using Autograd;
