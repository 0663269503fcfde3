mod bus;
mod cli;
