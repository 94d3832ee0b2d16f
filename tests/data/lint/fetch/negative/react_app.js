// A React component in .js (the shape of serverless/examples aws-node-fullstack
// frontend/src/DemoApp.js): browser code.
import React, { Component } from "react";

export default class DemoApp extends Component {
  async componentDidMount() {
    const res = await fetch("https://api.example.com/items", { method: "GET" });
    this.setState({ items: await res.json() });
  }
}
