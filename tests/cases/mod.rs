mod bus;
mod cli;
mod codec;
mod publish;
mod schemas;
