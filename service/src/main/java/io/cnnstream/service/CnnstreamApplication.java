package io.cnnstream.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The cnnstream service: images from Kafka in, classifications to Kafka out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CnnstreamApplication {

    public static void main(String[] args) {
        SpringApplication.run(CnnstreamApplication.class, args);
    }
}
