mod bus;
mod cli;
mod publish;
