mod bus;
mod cli;
mod dlq;
