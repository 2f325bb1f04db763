/*
 * PyTorch Primer: draw a digit, and the network trained while the page was built reads it.
 *
 * Loaded only when the reader opens the demo (src/primer/sphinxext/demo.py writes the loader
 * and the demo's frame). The weights come from the site itself: <stem>.demo.json describes
 * the layers, the normalisation and twenty test digits with the probabilities torch gave
 * them; <stem>.demo.bin holds the weights as little-endian float32 (primer.build.demo).
 * The forward pass below runs the five kinds of layer the export accepts; nothing is sent
 * anywhere.
 */
"use strict";

(() => {
  const SIZE = 28; // MNIST's images: 28×28, the digit fitted into 20×20, centred by its mass
  const BOX = 20;
  const CANVAS = 280;

  // -- The network ---------------------------------------------------------------------------

  const conv2d = (input, [channels, height, width], layer, weights) => {
    const { out_channels: outs, kernel: k, stride, padding } = layer;
    const outHeight = Math.floor((height + 2 * padding - k) / stride) + 1;
    const outWidth = Math.floor((width + 2 * padding - k) / stride) + 1;
    const output = new Float64Array(outs * outHeight * outWidth);
    for (let o = 0; o < outs; o++) {
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++) {
          let sum = weights.bias[o];
          for (let c = 0; c < channels; c++) {
            for (let i = 0; i < k; i++) {
              const row = y * stride + i - padding;
              if (row < 0 || row >= height) continue;
              for (let j = 0; j < k; j++) {
                const column = x * stride + j - padding;
                if (column < 0 || column >= width) continue;
                sum += input[(c * height + row) * width + column] *
                  weights.weight[((o * channels + c) * k + i) * k + j];
              }
            }
          }
          output[(o * outHeight + y) * outWidth + x] = sum;
        }
      }
    }
    return [output, [outs, outHeight, outWidth]];
  };

  const maxPool2d = (input, [channels, height, width], { kernel: k, stride }) => {
    const outHeight = Math.floor((height - k) / stride) + 1;
    const outWidth = Math.floor((width - k) / stride) + 1;
    const output = new Float64Array(channels * outHeight * outWidth);
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++) {
          let best = -Infinity;
          for (let i = 0; i < k; i++) {
            for (let j = 0; j < k; j++) {
              best = Math.max(best, input[(c * height + y * stride + i) * width + x * stride + j]);
            }
          }
          output[(c * outHeight + y) * outWidth + x] = best;
        }
      }
    }
    return [output, [channels, outHeight, outWidth]];
  };

  const linear = (input, layer, weights) => {
    const { in_features: ins, out_features: outs } = layer;
    const output = new Float64Array(outs);
    for (let o = 0; o < outs; o++) {
      let sum = weights.bias[o];
      for (let i = 0; i < ins; i++) sum += input[i] * weights.weight[o * ins + i];
      output[o] = sum;
    }
    return [output, [outs]];
  };

  const LAYERS = {
    Conv2d: conv2d,
    MaxPool2d: maxPool2d,
    ReLU: (input, shape) => [input.map((value) => Math.max(value, 0)), shape],
    Flatten: (input, shape) => [input, [input.length]],
    Linear: (input, shape, layer, weights) => linear(input, layer, weights),
  };

  const softmax = (logits) => {
    const top = Math.max(...logits);
    const exps = logits.map((value) => Math.exp(value - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return Array.from(exps, (value) => value / total);
  };

  /** The ten probabilities for one image: 784 grey levels from 0 (paper) to 255 (ink). */
  const probabilities = (model, pixels) => {
    const [mean, std] = [model.mean, model.std];
    let values = Float64Array.from(pixels, (value) => (value / 255 - mean) / std);
    let shape = [1, SIZE, SIZE];
    model.layers.forEach((layer, index) => {
      [values, shape] = LAYERS[layer.type](values, shape, layer, model.weights[index]);
    });
    return softmax(values);
  };

  const fetchOk = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response;
  };

  /** The description and the weights, each layer's tensors cut out of the float32 file. */
  const loadModel = async (url) => {
    const model = await (await fetchOk(url)).json();
    const binary = await (await fetchOk(new URL(model.weights_file, new URL(url, location.href))))
      .arrayBuffer();
    const floats = new Float32Array(binary);
    const places = model.layers.flatMap((layer) => Object.values(layer.tensors || {}));
    if (places.reduce((total, [, count]) => total + count, 0) !== floats.length) {
      throw new Error(`${model.weights_file}: ${floats.length} numbers, not the layers' count`);
    }
    model.weights = model.layers.map((layer) =>
      Object.fromEntries(Object.entries(layer.tensors || {}).map(([name, [offset, count]]) =>
        [name, floats.subarray(offset, offset + count)])));
    return model;
  };

  // -- A drawing as MNIST would have it ------------------------------------------------------

  /** Average ``source`` (width × height) into a width2 × height2 grid (each output pixel the
   * mean of the area it covers; the last row and column stop at the edge, where rounding
   * would reach past it). */
  const resizeByArea = (source, width, height, width2, height2) => {
    const output = new Float64Array(width2 * height2);
    const sx = width / width2;
    const sy = height / height2;
    for (let y = 0; y < height2; y++) {
      const top = y * sy;
      const bottom = top + sy;
      for (let x = 0; x < width2; x++) {
        const left = x * sx;
        const right = left + sx;
        let sum = 0;
        for (let row = Math.floor(top); row < Math.min(height, Math.ceil(bottom)); row++) {
          const cover = Math.min(bottom, row + 1) - Math.max(top, row);
          for (let column = Math.floor(left); column < Math.min(width, Math.ceil(right)); column++) {
            const overlap = cover * (Math.min(right, column + 1) - Math.max(left, column));
            sum += source[row * width + column] * overlap;
          }
        }
        output[y * width2 + x] = sum / (sx * sy);
      }
    }
    return output;
  };

  /** The rows and columns that hold ink, or null where there is none. */
  const inkExtent = (ink, width, height) => {
    let [top, bottom, left, right] = [height, -1, width, -1];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ink[y * width + x] > 0) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    return bottom < 0 ? null : { top, bottom, left, right };
  };

  /** A drawing's ink (width × height grey levels, 0-255) as MNIST prepared its digits: the
   * ink's bounding box scaled so that its longer side is 20 pixels, placed on 28×28 with its
   * centre of mass at the middle (14, 14). Null when there is no ink. */
  const preprocess = (ink, width, height) => {
    const extent = inkExtent(ink, width, height);
    if (!extent) return null;
    const { top, bottom, left, right } = extent;
    const [boxWidth, boxHeight] = [right - left + 1, bottom - top + 1];
    const cropped = new Float64Array(boxWidth * boxHeight);
    for (let y = 0; y < boxHeight; y++) {
      for (let x = 0; x < boxWidth; x++) cropped[y * boxWidth + x] = ink[(top + y) * width + left + x];
    }
    const scale = BOX / Math.max(boxWidth, boxHeight);
    const [small, smallHeight] = [Math.max(1, Math.round(boxWidth * scale)), Math.max(1, Math.round(boxHeight * scale))];
    const digit = resizeByArea(cropped, boxWidth, boxHeight, small, smallHeight);
    let [mass, massX, massY] = [0, 0, 0];
    for (let y = 0; y < smallHeight; y++) {
      for (let x = 0; x < small; x++) {
        const value = digit[y * small + x];
        mass += value;
        massX += x * value;
        massY += y * value;
      }
    }
    const column0 = Math.round(SIZE / 2 - massX / mass);
    const row0 = Math.round(SIZE / 2 - massY / mass);
    const image = new Float64Array(SIZE * SIZE);
    for (let y = 0; y < smallHeight; y++) {
      for (let x = 0; x < small; x++) {
        const [row, column] = [row0 + y, column0 + x];
        if (row >= 0 && row < SIZE && column >= 0 && column < SIZE) {
          image[row * SIZE + column] = digit[y * small + x];
        }
      }
    }
    return image;
  };

  // -- The page --------------------------------------------------------------------------------

  const element = (tag, properties = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  };

  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  const percent = (value, language) =>
    new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(value);

  class Demo {
    constructor(frame) {
      this.frame = frame;
      this.strings = JSON.parse(frame.dataset.strings);
      this.language = document.documentElement.lang || "en";
      this.body = frame.querySelector(".primer-demo-body");
      this.status = frame.querySelector(".primer-demo-status"); // a live region: never moved
    }

    async start() {
      this.frame.dataset.state = "loading";
      this.status.textContent = this.strings.loading;
      try {
        this.model = await loadModel(this.frame.dataset.model);
      } catch (error) {
        console.warn(`PyTorch Primer demo: ${error.message}`);
        this.status.textContent = this.strings.missing;
        this.frame.dataset.state = "failed";
        return;
      }
      this.build();
      this.frame.dataset.state = "ready";
      this.frame.dataset.ready = "true";
    }

    build() {
      this.canvas = element("canvas", { width: CANVAS, height: CANVAS, className: "primer-demo-canvas" });
      this.canvas.setAttribute("role", "img");
      this.context = this.canvas.getContext("2d", { willReadFrequently: true });
      this.listenToDrawing();
      const clear = element("button", { type: "button", className: "primer-demo-clear", textContent: this.strings.clear });
      clear.addEventListener("click", () => this.reset());
      this.picker = element("select", { className: "primer-demo-picker", id: `${this.frame.id}-picker` });
      this.picker.append(element("option", { value: "", textContent: this.strings.choose }));
      this.model.digits.forEach((_, index) => this.picker.append(element("option", {
        value: String(index),
        textContent: format(this.strings.option, { number: index + 1, label: this.model.labels[index] }),
      })));
      this.picker.addEventListener("change", () => this.pick(this.picker.value));
      const label = element("label", { htmlFor: this.picker.id, textContent: this.strings.pick });
      this.bars = element("ol", { className: "primer-demo-bars" });
      this.bars.setAttribute("role", "list"); // a list without markers stays one for VoiceOver
      this.bars.setAttribute("aria-label", this.strings.bars);
      this.body.append(
        element("div", { className: "primer-demo-drawing" }, [this.canvas, clear]),
        element("div", { className: "primer-demo-answer" }, [
          element("p", { className: "primer-demo-pick" }, [label, " ", this.picker]),
          this.bars,
        ]),
      );
      this.reset();
    }

    reset() {
      this.clear();
      this.picker.value = "";
      this.show(null);
    }

    clear() {
      this.context.fillStyle = "#fff";
      this.context.fillRect(0, 0, CANVAS, CANVAS);
      this.canvas.setAttribute("aria-label", this.strings.canvas);
    }

    /** One stroke at a time: the first finger, or the mouse's main button. */
    listenToDrawing() {
      let [active, last] = [null, null];
      const at = (event) => [
        event.offsetX * CANVAS / this.canvas.clientWidth,
        event.offsetY * CANVAS / this.canvas.clientHeight,
      ];
      const stroke = (from, to) => {
        Object.assign(this.context, { strokeStyle: "#000", lineWidth: CANVAS / 12, lineCap: "round", lineJoin: "round" });
        this.context.beginPath();
        this.context.moveTo(...from);
        this.context.lineTo(...to);
        this.context.stroke();
      };
      const end = (event) => {
        if (event.pointerId !== active) return;
        active = null;
        this.readDrawing();
      };
      this.canvas.addEventListener("pointerdown", (event) => {
        if (active !== null || !event.isPrimary || event.button !== 0) return;
        if (this.picker.value) this.reset();
        active = event.pointerId;
        this.canvas.setPointerCapture(event.pointerId);
        last = at(event);
        stroke(last, last);
        event.preventDefault();
      });
      this.canvas.addEventListener("pointermove", (event) => {
        if (event.pointerId !== active) return;
        if (event.buttons === 0) return end(event); // released where no pointerup arrived
        const next = at(event);
        stroke(last, next);
        last = next;
      });
      for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
        this.canvas.addEventListener(type, end);
      }
    }

    /** The canvas's ink, one grey level per pixel: 255 where it is black. */
    ink() {
      const { data } = this.context.getImageData(0, 0, CANVAS, CANVAS);
      return Uint8ClampedArray.from({ length: CANVAS * CANVAS }, (_, i) => 255 - data[4 * i]);
    }

    readDrawing() {
      const ink = this.ink();
      const extent = inkExtent(ink, CANVAS, CANVAS);
      if (!extent) return this.show(null);
      const side = Math.max(extent.bottom - extent.top, extent.right - extent.left) + 1;
      if (side < CANVAS / 4) {
        this.bars.replaceChildren();
        this.status.textContent = this.strings.larger;
        return;
      }
      this.show(probabilities(this.model, preprocess(ink, CANVAS, CANVAS)));
    }

    pick(value) {
      this.clear();
      if (value === "") return this.show(null);
      const pixels = this.model.digits[Number(value)];
      const cell = CANVAS / SIZE;
      pixels.forEach((level, i) => {
        this.context.fillStyle = `rgb(${255 - level}, ${255 - level}, ${255 - level})`;
        this.context.fillRect((i % SIZE) * cell, Math.floor(i / SIZE) * cell, cell, cell);
      });
      this.canvas.setAttribute("aria-label", this.picker.selectedOptions[0].textContent);
      this.show(probabilities(this.model, pixels));
    }

    show(probabilities) {
      this.bars.replaceChildren();
      if (!probabilities) {
        this.status.textContent = this.strings.ready;
        return;
      }
      const best = probabilities.indexOf(Math.max(...probabilities));
      this.status.textContent = format(this.strings.answer, {
        digit: best, probability: percent(probabilities[best], this.language),
      });
      probabilities.forEach((value, digit) => {
        const shown = percent(value, this.language);
        const bar = element("span", { className: "primer-demo-bar" });
        bar.style.setProperty("--share", value.toFixed(4));
        const item = element("li", { className: digit === best ? "primer-demo-best" : "" }, [
          element("span", { className: "primer-demo-digit", textContent: String(digit) }),
          bar,
          element("span", { className: "primer-demo-value", textContent: shown }),
        ]);
        item.setAttribute("aria-label", `${digit}: ${shown}`);
        this.bars.append(item);
      });
    }
  }

  /** Start the demo in ``frame``, unless it is ready or loading (again, after a failure). */
  const start = (frame) => {
    if (!["loading", "ready"].includes(frame.dataset.state)) new Demo(frame).start();
  };

  window.primerDemo = { loadModel, probabilities, preprocess, start };
  document.querySelectorAll(".primer-demo").forEach((frame) => {
    if (frame.querySelector("details").open) start(frame);
  });
})();
