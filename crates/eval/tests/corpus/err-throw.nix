throw "custom message"
